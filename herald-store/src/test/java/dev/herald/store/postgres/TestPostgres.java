package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL every PG test uses: {@code HERALD_TEST_POSTGRES_URL}, or the local server
 * ({@code postgresql://postgres@127.0.0.1:5432/test}, trust auth). Each test gets a fresh schema
 * {@code herald_test_<random>} (selected with {@code currentSchema}) and drops it afterwards.
 *
 * <p>As a JUnit condition: reachable → run; unreachable and {@code CI} is not "true" → skip with the
 * reason; unreachable and {@code CI=true} → fail (CI must never pass by skipping).
 */
public final class TestPostgres implements ExecutionCondition {
    public static final String URL = System.getenv().getOrDefault("HERALD_TEST_POSTGRES_URL",
            "postgresql://postgres@127.0.0.1:5432/test");
    private static volatile String unreachable;
    private static volatile boolean probed;
    private static boolean announced;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String skip = skipReason();
        return skip == null ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled(skip);
    }

    /**
     * The rule for every PostgreSQL test, Jupiter's and jqwik's ({@link PostgresAvailable}): null
     * when PostgreSQL is reachable; otherwise why the test is skipped (announced once on the
     * console), or, with {@code CI=true}, an exception: CI must never pass by skipping.
     */
    public static String skipReason() {
        String problem = probe();
        if (problem == null) {
            return null;
        }
        String message = "PostgreSQL not reachable at " + PostgresUrl.parse(URL).redacted() + " (" + problem + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " and CI=true: PostgreSQL tests must run in CI");
        }
        announce(message + ": skipping (set CI=true to make this a failure)");
        return message + ": skipping (set CI=true to make this a failure)";
    }

    /**
     * Once per test JVM, on the fork's own stderr: surefire redirects System.err of tests to report
     * files, but relays the raw descriptor to the build console, where a skip must be seen.
     */
    private static synchronized void announce(String line) {
        if (!announced) {
            announced = true;
            java.io.PrintStream console = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
            console.println("[herald-store] " + line);
        }
    }

    private static synchronized String probe() {
        if (!probed) {
            try {
                admin().close();
                unreachable = null;
            } catch (SQLException | RuntimeException e) {
                unreachable = e.getMessage();
            }
            probed = true;
        }
        return unreachable;
    }

    /** A plain connection to the test database (auto-commit), for setup and inspection. */
    public static Connection admin() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(URL);
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /** Creates an empty schema and returns its name. */
    public static String newSchema() {
        String name = "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + name);
        return name;
    }

    public static void dropSchema(String name) {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** The URL that opens a store in {@code schema}, in the same form as {@link #URL}. */
    public static String urlFor(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A JDBC URL that opens a store in {@code schema} through {@code 127.0.0.1:port} (a
     * {@link TcpProxy}) with the test database's name and credentials.
     */
    public static String urlVia(int port, String schema) {
        PostgresUrl url = PostgresUrl.parse(URL);
        java.net.URI uri = java.net.URI.create(url.jdbcUrl().substring("jdbc:".length()));
        StringBuilder sb = new StringBuilder("jdbc:postgresql://127.0.0.1:").append(port).append(uri.getRawPath())
                .append("?currentSchema=").append(schema);
        if (uri.getRawQuery() != null) {
            sb.append('&').append(uri.getRawQuery());
        }
        if (url.user() != null) {
            sb.append("&user=").append(java.net.URLEncoder.encode(url.user(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (url.password() != null) {
            sb.append("&password=").append(java.net.URLEncoder.encode(url.password(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Host and port of the test server, for a {@link TcpProxy} in front of it. */
    public static java.net.URI serverAddress() {
        return java.net.URI.create(PostgresUrl.parse(URL).jdbcUrl().substring("jdbc:".length()));
    }

    public static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
