package dev.herald.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and keys never reach the logs, whatever requests come in. */
class LogHygieneTest {

    @Test
    void tokensAndKeysNeverAppearInLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        // Everything at DEBUG, ours and the libraries': a request line logged anywhere would show.
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        ((Logger) LoggerFactory.getLogger("io.vertx")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (TestHub hub = TestHub.start()) {
            String token = hub.token("secretive");
            try (TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream?token=" + token)).GET().build())) {
                s.awaitEvent("connected", Duration.ofSeconds(5));
            }
            hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream?token=" + token + "tampered")).GET().build());
            hub.send(HttpRequest.newBuilder(hub.uri("/v1/nowhere?token=" + token)).GET().build());
            hub.post("/v1/notifications", "{\"userId\":\"secretive\",\"type\":\"t\",\"title\":\"" + token + "\"}");
            hub.post("/v1/notifications", "{broken");
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
            ((Logger) LoggerFactory.getLogger("io.vertx")).setLevel(ch.qos.logback.classic.Level.WARN);
            ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        assertThat(captured.list).as("at DEBUG the libraries log plenty; the check below is not vacuous").isNotEmpty();
        for (ILoggingEvent e : captured.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(TestHub.API_KEY).doesNotContain("eyJ").doesNotContain(TestHub.JWT_SECRET);
        }
    }
}
