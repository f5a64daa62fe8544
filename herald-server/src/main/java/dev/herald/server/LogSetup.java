package dev.herald.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The hub's logging, set up in code (found by logback through {@code META-INF/services}): reading an
 * XML file costs logback about twice as long at start (its XML parser and model are loaded and run
 * for a dozen lines). Logs go to stderr so the banner on stdout stays clean; every line names the
 * node (the context property {@code node}, which {@link Main} sets); request lines are never logged
 * (query strings may carry subscriber tokens); the level is set from {@code HERALD_LOG_LEVEL} at
 * start.
 *
 * <p>An operator's own configuration still wins: with {@code -Dlogback.configurationFile=...} (or a
 * {@code logback-test.xml} on the class path, as in tests) this steps aside and logback reads that
 * file as usual.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%property{node}] %logger{24} - %msg%n";
    private static final String[] QUIET = {"io.netty", "io.vertx", "com.zaxxer.hikari", "org.flywaydb",
            // Kafka's clients log every configuration and rebalance step at INFO; the source logs what matters.
            "org.apache.kafka"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (operatorConfigured()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A configuration file logback would read instead: named by the operator, or a test's. */
    static boolean operatorConfigured() {
        return System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    static void apply(LoggerContext context) {
        context.putProperty("node", "-"); // until Main knows this node's id
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }
}
