package dev.herald.server;

import dev.herald.server.support.RawHttp;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets that send nothing useful are closed and cannot crowd out the node: a new connection has
 * the header timeout to send a complete request head, a connection between requests or inside a body
 * has the idle timeout, a stream has no deadline at all, and past the bound on unauthenticated
 * waiting connections the one that has waited longest makes room for the newcomer.
 */
class ConnectionTimeoutsTest {
    private static final long HEADER_TIMEOUT_MS = 3000;
    private static final long IDLE_TIMEOUT_MS = 1000;
    private static final int MAX_UNAUTHENTICATED = 20;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestHub hub;

    @BeforeAll
    static void start() {
        // One event loop, so the whole bound applies to every connection of the test.
        hub = TestHub.start(Map.of("--header-timeout-ms", Long.toString(HEADER_TIMEOUT_MS),
                "--idle-timeout-ms", Long.toString(IDLE_TIMEOUT_MS),
                "--max-unauthenticated-connections", Integer.toString(MAX_UNAUTHENTICATED),
                "--event-loops", "1", "--heartbeat-ms", "600000"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHeaderTimeoutAndNotBefore() {
        long opened = System.nanoTime();
        try (RawHttp silent = RawHttp.connect(hub.server().port())) {
            assertThat(silent.awaitClosed(WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - opened).toMillis()).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS);
        }
    }

    @Test
    void aHeadSentByteByByteIsClosedAtTheHeaderTimeoutThoughBytesKeepComing() {
        long opened = System.nanoTime();
        try (RawHttp slow = RawHttp.connect(hub.server().port())) {
            slow.send("GET /health HTTP/1.1\r\n");
            // One header line at a time, each well inside the timeout, never the blank line that ends the head.
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    slow.send("X-Slow-" + i + ": 1\r\n");
                } catch (java.io.UncheckedIOException gone) {
                    closed = true;
                    break;
                }
                closed = slow.awaitClosed(Duration.ofMillis(HEADER_TIMEOUT_MS / 5));
            }
            assertThat(closed).as("closed while the head was still coming").isTrue();
            long elapsed = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertThat(elapsed).isBetween(HEADER_TIMEOUT_MS, HEADER_TIMEOUT_MS * 5);
        }
    }

    @Test
    void aConnectionIdleBetweenRequestsIsClosedAfterTheIdleTimeout() {
        try (RawHttp keptAlive = RawHttp.connect(hub.server().port())) {
            RawHttp.Reply first = keptAlive.send("GET /health HTTP/1.1\r\nHost: hub\r\n\r\n").read(WAIT);
            assertThat(first.status()).isEqualTo(200);
            // Still usable after a reply (the idle timer starts when the reply is written, after this)...
            long secondSent = System.nanoTime();
            assertThat(keptAlive.send("GET /health HTTP/1.1\r\nHost: hub\r\n\r\n").read(WAIT).status()).isEqualTo(200);
            // ...and closed once it has said nothing for that long.
            assertThat(keptAlive.awaitClosed(WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - secondSent).toMillis()).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS);
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsClosedAfterTheIdleTimeout() {
        long publishedBefore = published();
        try (RawHttp stalled = RawHttp.connect(hub.server().port())) {
            long lastByte = System.nanoTime();
            stalled.send("POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHub.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"userId\":\"u\",");
            assertThat(stalled.awaitClosed(WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - lastByte).toMillis()).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS);
        }
        assertThat(published()).isEqualTo(publishedBefore);
    }

    @Test
    void aQuietStreamOutlivesEveryTimeout() throws Exception {
        try (TestStream quiet = stream("quiet")) {
            // Heartbeats are ten minutes apart here: nothing crosses this stream while a silent socket,
            // opened after it, runs into its (longer) header timeout.
            try (RawHttp silent = RawHttp.connect(hub.server().port())) {
                assertThat(silent.awaitClosed(WAIT)).isTrue();
            }
            assertThat(publish("quiet", "still open")).isEqualTo(202);
            assertThat(quiet.awaitEvent("notification", WAIT).data()).contains("still open");
            assertThat(quiet.ended()).isFalse();
        }
    }

    @Test
    void aBurstOfNewConnectionsThatEachSendARequestAtOnceIsServedWhole() {
        // Far more than the bound, faster than the hub reads their heads: none of them is silent.
        List<RawHttp> burst = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_UNAUTHENTICATED * 15; i++) {
                burst.add(RawHttp.connect(hub.server().port()).send("GET /health HTTP/1.1\r\nHost: hub\r\n\r\n"));
            }
            for (RawHttp c : burst) {
                assertThat(c.read(WAIT).status()).isEqualTo(200);
            }
        } finally {
            burst.forEach(RawHttp::close);
        }
    }

    @Test
    void pastTheBoundTheLongestWaitingSocketMakesRoomAndAuthenticatedConnectionsStay() throws Exception {
        // A hub of its own, whose idle timeout outlasts the test: the publisher's kept-alive connection
        // below must stay idle through the whole crowd.
        try (TestHub crowded = TestHub.start(Map.of("--header-timeout-ms", Long.toString(HEADER_TIMEOUT_MS),
                "--idle-timeout-ms", "60000", "--max-unauthenticated-connections", Integer.toString(MAX_UNAUTHENTICATED),
                "--event-loops", "1"));
             TestStream stream = stream(crowded, "crowded");
             RawHttp publisher = RawHttp.connect(crowded.server().port())) {
            int port = crowded.server().port();
            // A publisher's kept-alive connection has authenticated: it never counts against the bound.
            assertThat(publisher.send(publishRequest("crowded", "before the crowd")).read(WAIT).status()).isEqualTo(202);

            List<RawHttp> silent = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_UNAUTHENTICATED * 5; i++) {
                    silent.add(RawHttp.connect(port));
                }
                // Once they have waited a second, the first ones make room for the later ones, long before
                // any header timeout.
                long start = System.nanoTime();
                assertThat(silent.get(0).awaitClosed(WAIT)).isTrue();
                assertThat(silent.get(MAX_UNAUTHENTICATED * 3).awaitClosed(WAIT)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(HEADER_TIMEOUT_MS);

                // New connections still get in: /health and a publish, each on a fresh socket.
                try (RawHttp health = RawHttp.connect(port)) {
                    assertThat(health.send("GET /health HTTP/1.1\r\nHost: hub\r\n\r\n").read(WAIT).status()).isEqualTo(200);
                }
                try (RawHttp fresh = RawHttp.connect(port)) {
                    assertThat(fresh.send(publishRequest("crowded", "through the crowd")).read(WAIT).status()).isEqualTo(202);
                }
                // The authenticated connection and the stream were left alone.
                assertThat(publisher.send(publishRequest("crowded", "during the crowd")).read(WAIT).status()).isEqualTo(202);
                assertThat(stream.collect("notification", 3, WAIT)).extracting(e -> e.data().contains("crowd"))
                        .containsOnly(true);

                // The newest silent sockets, within the bound, are closed by their header timeout.
                assertThat(silent.get(silent.size() - 1).awaitClosed(WAIT)).isTrue();
            } finally {
                silent.forEach(RawHttp::close);
            }
        }
    }

    // Every helper below uses a connection of its own: a pooled one could be closed by the hub's short
    // idle timeout just as it is reused.

    private static String publishRequest(String userId, String title) {
        String body = "{\"userId\":\"" + userId + "\",\"type\":\"t\",\"title\":\"" + title + "\"}";
        return "POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHub.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static int publish(String userId, String title) {
        try (RawHttp raw = RawHttp.connect(hub.server().port())) {
            return raw.send(publishRequest(userId, title)).read(WAIT).status();
        }
    }

    private static long published() {
        try (RawHttp raw = RawHttp.connect(hub.server().port())) {
            RawHttp.Reply stats = raw.send("GET /v1/stats HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer "
                    + TestHub.API_KEY + "\r\n\r\n").read(WAIT);
            return TestHub.json(stats.body()).get("published").asLong();
        }
    }

    private static TestStream stream(String userId) throws InterruptedException {
        return stream(hub, userId);
    }

    private static TestStream stream(TestHub on, String userId) throws InterruptedException {
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return TestHub.streamAt(own, on.server().port(), on.token(userId), null, WAIT);
    }
}
