package dev.herald.server;

import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Per-user connection limit, token expiry, and slow clients being cut off without hurting others. */
class LimitsTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(Map.of("--max-connections-per-user", "2", "--stream-buffer-bytes", "16384"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void oneStreamOverTheLimitGets429AndAFreedSlotCanBeReused() throws Exception {
        TestStream first = hub.stream("limited");
        TestStream second = hub.stream("limited");
        var third = hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + hub.token("limited")).GET().build());
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(TestHub.json(third).at("/error/code").asText()).isEqualTo("too_many_connections");
        // Another user is not affected by this user's limit.
        hub.stream("unlimited-neighbour").close();

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                TestHub.json(hub.get("/v1/users/limited/presence")).get("connections").asInt() == 1);
        TestStream again = hub.stream("limited");
        hub.notify("limited", "both");
        assertThat(second.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("both");
        assertThat(again.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("both");
        second.close();
        again.close();
    }

    @Test
    void streamEndsWithTokenExpiredWhenTheTokenRunsOut() throws Exception {
        // exp is in whole seconds, so a token minted for 4 s is valid for 3 to 4 s: long enough to be
        // open on a loaded machine (1.5 s could leave 0.5 s, and the open then got 401), short enough
        // to watch it run out.
        TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + hub.token("expiring", Duration.ofSeconds(4))).GET().build());
        assertThat(s.response().statusCode()).isEqualTo(200);
        s.awaitEvent("connected", Duration.ofSeconds(5));
        SseEvent expired = s.awaitEvent("token_expired", Duration.ofSeconds(10));
        assertThat(expired.data()).isEqualTo("{\"reason\":\"token_expired\"}");
        await().atMost(Duration.ofSeconds(5)).until(s::ended);
        assertThat(s.endedCleanly()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                TestHub.json(hub.get("/v1/users/expiring/presence")).get("connections").asInt() == 0);
    }

    @Test
    void aStalledClientIsCutOffWhileOthersKeepReceiving() throws Exception {
        long droppedBefore = hub.stat("slowStreamsDropped");
        TestStream healthy = hub.stream("fast-reader");
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", hub.server().port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + hub.token("stalled")
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    TestHub.json(hub.get("/v1/users/stalled/presence")).get("connections").asInt() == 1);

            // ~12 MiB for both users: far beyond socket buffers plus the 16 KiB stream bound. The
            // stalled client never reads a byte after connecting.
            String body = "b".repeat(8000);
            int count = 1500;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                replies.add(pool.submit(() -> hub.post("/v1/notifications", "{\"userIds\":[\"stalled\",\"fast-reader\"],"
                        + "\"type\":\"bulk\",\"title\":\"n" + n + "\",\"body\":\"" + body + "\"}").statusCode()));
            }
            for (Future<Integer> r : replies) {
                assertThat(r.get()).isEqualTo(202);
            }
            pool.shutdown();

            assertThat(healthy.collect("notification", count, Duration.ofSeconds(30))).hasSize(count);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.stat("slowStreamsDropped") > droppedBefore);
            assertThat(TestHub.json(hub.get("/v1/users/stalled/presence")).get("connections").asInt()).isZero();
            // The server closed the stalled connection: reading it to the end terminates.
            InputStream in = stalled.getInputStream();
            stalled.setSoTimeout(10_000);
            byte[] buf = new byte[65536];
            try {
                while (in.read(buf) >= 0) {
                    // drain what the kernel had buffered
                }
            } catch (java.net.SocketException reset) {
                // a reset is a fine way to be cut off
            }
        }
        hub.notify("fast-reader", "still here");
        assertThat(healthy.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("still here");
        healthy.close();
    }
}
