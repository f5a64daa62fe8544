package dev.herald.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.herald.core.testing.CapturedLogs;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and keys never reach the logs, whatever requests come in; a stop logs no stack traces. */
class LogHygieneTest {

    @Test
    void tokensAndKeysNeverAppearInLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        CapturedLogs captured = CapturedLogs.all();
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
            captured.close();
            root.setLevel(before);
            ((Logger) LoggerFactory.getLogger("io.vertx")).setLevel(ch.qos.logback.classic.Level.WARN);
            ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        assertThat(captured.events()).as("at DEBUG the libraries log plenty; the check below is not vacuous").isNotEmpty();
        for (ILoggingEvent e : captured.events()) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(TestHub.API_KEY).doesNotContain("eyJ").doesNotContain(TestHub.JWT_SECRET);
        }
    }

    /**
     * Connections keep arriving while a node stops (a load balancer has not noticed yet): Netty used
     * to log a WARN with a stack trace for each one accepted as the event loops went away (hundreds
     * per stop under a flood). Now they are counted into one INFO line.
     */
    @Test
    void aNodeStoppedWhileConnectionsKeepArrivingLogsNoStackTraces() throws Exception {
        CapturedLogs captured = CapturedLogs.all();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong attempts = new AtomicLong();
        List<Thread> flood = new ArrayList<>();
        TestHub hub = null;
        try {
            hub = TestHub.start();
            int port = hub.server().port();
            for (int i = 0; i < 6; i++) {
                Thread t = new Thread(() -> connectUntil(stop, port, attempts), "flood-" + i);
                t.setDaemon(true);
                t.start();
                flood.add(t);
            }
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (attempts.get() < 300 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            long beforeClose = attempts.get();
            hub.close();
            long duringClose = attempts.get() - beforeClose;
            assertThat(duringClose).as("connections kept arriving while the node stopped").isPositive();
        } finally {
            stop.set(true);
            for (Thread t : flood) {
                t.join(5_000);
            }
            if (hub != null) {
                hub.close(); // a no-op after the close above; closes it when the test failed before
            }
            captured.close();
        }
        assertThat(captured.events()).filteredOn(e -> e.getThrowableProxy() != null || e.getLoggerName().startsWith("io.netty"))
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .as("no stack traces and no Netty warnings from a clean stop")
                .isEmpty();
    }

    private static void connectUntil(AtomicBoolean stop, int port, AtomicLong attempts) {
        byte[] request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (!stop.get()) {
            attempts.incrementAndGet();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException refused) {
                // the node is stopping or gone: that is the point
                Thread.onSpinWait();
            }
        }
    }
}
