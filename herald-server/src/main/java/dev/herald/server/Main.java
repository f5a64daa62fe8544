package dev.herald.server;

import dev.herald.server.auth.JwtService;
import dev.herald.server.config.ConfigException;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.config.Setting;
import dev.herald.redis.RedisUrl;
import dev.herald.store.postgres.PostgresUrl;
import dev.herald.store.sqlite.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

/** {@code java -jar herald.jar [flags]}: starts one node and prints how to use it. */
public final class Main {
    /** Exit code for configuration a node cannot start with. */
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_START_FAILED = 1;
    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    private Main() {
    }

    public static void main(String[] args) {
        // Netty registers its JFR events with the JVM's flight recorder on the first buffer it
        // allocates, which costs the first request about 0.2 s; those events are off in every
        // recording unless enabled by name. -Dio.netty.jfr.enabled=true brings them back.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            usage(System.out);
            return;
        }
        if (Arrays.asList(args).contains("--version")) {
            System.out.println("herald " + Version.get());
            return;
        }
        HeraldConfig config;
        ConfigLoader loader = new ConfigLoader();
        try {
            config = loader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.toLevel(config.logLevel()));
        // Every log line names the node (LogSetup prints the context property "node").
        ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).putProperty("node", config.nodeId());
        Logger log = LoggerFactory.getLogger(Main.class);
        loader.warnings().forEach(log::warn);
        long started = System.nanoTime();
        HeraldServer server;
        try {
            server = HeraldServer.start(config);
        } catch (RuntimeException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            log.info("stopped");
        }, "herald-shutdown"));
        log.info("Herald {} node {} listening on http://{}:{} (ready in {} ms), store: {}, {}", Version.get(),
                config.nodeId(), config.host(), server.port(), (System.nanoTime() - started) / 1_000_000,
                storeName(config), clusterName(config));
        banner(System.out, config, server.port());
    }

    /** Where the store lives, safe to print (a PostgreSQL URL loses its password). */
    static String storeName(HeraldConfig config) {
        return config.postgresUrl() == null
                ? "SQLite " + config.dataDir().resolve(SqliteStore.DATABASE_FILE)
                : "PostgreSQL " + PostgresUrl.parse(config.postgresUrl()).redacted();
    }

    /** Cluster mode and its Redis, safe to print. */
    static String clusterName(HeraldConfig config) {
        return config.clustered() ? "cluster: Redis " + RedisUrl.parse(config.redisUrl()).redacted() : "single node";
    }

    static void banner(PrintStream out, HeraldConfig config, int port) {
        String base = "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port;
        String key = config.apiKeys().get(0);
        // The publisher's header, ready to paste: the generated key itself, or (for an operator's key,
        // which is never printed) the shell variable, in double quotes so the shell fills it in.
        String auth;
        out.println();
        out.println("  Herald is listening on " + base);
        if (config.apiKeysGenerated()) {
            out.println("  API key: " + key + "   (saved in " + config.dataDir().resolve("api-key") + ")");
            auth = "'Authorization: Bearer " + key + "'";
        } else {
            // Configured keys are the operator's secrets: show only enough to recognise them.
            out.println("  API key: " + key.substring(0, 4) + "... (from HERALD_API_KEYS)");
            auth = "\"Authorization: Bearer $HERALD_API_KEY\"";
        }
        out.println();
        out.println("  Open a stream for the user 'demo':");
        if (config.jwtSecretGenerated()) {
            String token = new JwtService(config.jwtSecret()).mint("demo", Duration.ofHours(24));
            out.println("    curl -N -H 'Authorization: Bearer " + token + "' " + base + "/v1/stream");
        } else {
            out.println("    TOKEN=$(curl -s -X POST -H " + auth
                    + " -H 'Content-Type: application/json' -d '{\"userId\":\"demo\"}' " + base
                    + "/v1/tokens | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')");
            out.println("    curl -N -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/stream");
        }
        out.println("  Publish a notification to 'demo' (in another terminal):");
        out.println("    curl -X POST -H " + auth + " -H 'Content-Type: application/json' \\");
        out.println("         -d '{\"userId\":\"demo\",\"type\":\"system\",\"title\":\"Hello from Herald\"}' "
                + base + "/v1/notifications");
        out.println();
        out.flush();
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar herald.jar [--flag value ...]");
        out.println();
        out.println("Every flag is also an environment variable and a config-file key.");
        out.println("Precedence: flag > environment > config file (--config) > default.");
        out.println();
        for (Setting s : Setting.values()) {
            out.printf("  %-28s %-34s %s%s%n", s.flag(), s.env(), s.description(),
                    s.defaultValue() == null || s.defaultValue().isEmpty() ? "" : " [" + s.defaultValue() + "]");
        }
    }
}
