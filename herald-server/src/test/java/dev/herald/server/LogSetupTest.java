package dev.herald.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's logging set up in code: stderr, the node in every line, the libraries quiet. (The
 * packaged jar's actual output is checked by StartupIT.)
 */
class LogSetupTest {

    @Test
    void logsGoToStderrNamingTheNodeWithTheLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).contains("[%property{node}]")
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level [%property{node}] %logger{24} - %msg%n");
        assertThat(context.getProperty("node")).isEqualTo("-");
        for (String name : new String[]{"io.netty", "io.vertx", "com.zaxxer.hikari", "org.flywaydb"}) {
            assertThat(context.getLogger(name).getLevel()).as(name).isEqualTo(Level.WARN);
        }
        assertThat(context.getLogger("dev.herald").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileOfTheOperatorsOrATestsWins() {
        // This module's tests carry a logback-test.xml: logback reads it, as it would an operator's file.
        assertThat(LogSetup.operatorConfigured()).isTrue();
        assertThat(new LogSetup().configure(new LoggerContext())).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
