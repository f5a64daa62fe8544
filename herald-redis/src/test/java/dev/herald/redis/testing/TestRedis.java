package dev.herald.redis.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The Redis every Redis test uses: {@code HERALD_TEST_REDIS_URL}, or the local server
 * ({@code redis://127.0.0.1:6379}, no password). Tests share it, so each one works under its own key
 * prefix ({@link #freshPrefix()}). Tests that stop and restart Redis start their own
 * {@link RedisServerProcess} instead.
 *
 * <p>As a JUnit condition: reachable → run; unreachable and {@code CI} is not "true" → skip with the
 * reason; unreachable and {@code CI=true} → fail (CI must never pass by skipping).
 */
public final class TestRedis implements ExecutionCondition {
    public static final String URL = System.getenv().getOrDefault("HERALD_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final int TIMEOUT_MILLIS = 2000;
    private static volatile String unreachable;
    private static volatile boolean probed;
    private static boolean announced;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String problem = probe();
        if (problem == null) {
            return ConditionEvaluationResult.enabled("Redis reachable");
        }
        String message = "Redis not reachable at " + redacted(URL) + " (" + problem + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " and CI=true: Redis tests must run in CI");
        }
        announce(message + ": skipping (set CI=true to make this a failure)");
        return ConditionEvaluationResult.disabled(message + ": skipping (set CI=true to make this a failure)");
    }

    /** A key prefix of its own ({@code herald-test-<12 hex>}), so tests on the shared Redis never collide. */
    public static String freshPrefix() {
        return "herald-test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    /**
     * Sends {@code PING} (after {@code AUTH} when {@code password} is not null) over a plain socket and
     * returns when the answer is {@code +PONG}; throws with what went wrong otherwise.
     */
    public static void ping(String host, int port, String user, String password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                out.write(user == null || user.isEmpty() ? command("AUTH", password) : command("AUTH", user, password));
                out.flush();
                String reply = readLine(in);
                if (!reply.equals("+OK")) {
                    throw new IOException("AUTH answered " + reply);
                }
            }
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine(in);
            if (!reply.equals("+PONG")) {
                throw new IOException("PING answered " + reply);
            }
        }
    }

    /** {@link #ping(String, int, String, String)} on a server without a password. */
    public static void ping(String host, int port) throws IOException {
        ping(host, port, null, null);
    }

    /**
     * Once per test JVM, on the fork's own stderr: surefire redirects System.err of tests to report
     * files, but relays the raw descriptor to the build console, where a skip must be seen.
     */
    private static synchronized void announce(String line) {
        if (!announced) {
            announced = true;
            PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
            console.println("[herald-redis] " + line);
        }
    }

    private static synchronized String probe() {
        if (!probed) {
            try {
                URI uri = URI.create(URL);
                String user = null;
                String password = null;
                String info = uri.getUserInfo();
                if (info != null && info.contains(":")) {
                    user = info.substring(0, info.indexOf(':'));
                    password = info.substring(info.indexOf(':') + 1);
                }
                ping(uri.getHost() == null ? "127.0.0.1" : uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password);
                unreachable = null;
            } catch (IOException | RuntimeException e) {
                unreachable = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            probed = true;
        }
        return unreachable;
    }

    /** The URL without its password, for messages. */
    static String redacted(String url) {
        try {
            URI uri = URI.create(url);
            String info = uri.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                return url;
            }
            return url.replace(info + "@", info.substring(0, info.indexOf(':')) + ":***@");
        } catch (RuntimeException e) {
            return "(an unparsable HERALD_TEST_REDIS_URL)";
        }
    }

    private static byte[] command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            sb.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed without an answer");
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
