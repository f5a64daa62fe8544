package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.auth.JwtService;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replaying stream's memory is bounded in bytes, and a client that stops reading during its replay
 * is cut like a slow live one. Run as a process with a small heap: several clients resume over a
 * backlog of large items and never read a byte, while a healthy reader resumes over the same backlog.
 * The hub must stay up, serve the healthy reader everything, cut the stalled ones, never run out of
 * heap, and say "ok" on {@code /health}. (Before the fix each stalled stream pinned a page of 200 such
 * items, about 24 MB, and the heap ran out; the healthy reader's replay failed as "store unavailable".)
 */
class ReplayMemoryIT {
    private static final String KEY = "replay-memory-publisher-key-0123456789";
    private static final String SECRET = "replay-memory-jwt-secret-0123456789abcdef0123";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Far more than fits: 9 streams × 200 items × (content + frame) would need about 216 MB. */
    private static final String HEAP = "-Xmx64m";
    private static final int ITEMS = 200;
    private static final int ITEM_BYTES = 60_000;
    private static final int STALLED = 9;

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JwtService jwt = new JwtService(SECRET.getBytes(StandardCharsets.UTF_8));

    @Test
    void stalledResumingClientsAreCutWhileAHealthyReaderGetsEverythingWithinASmallHeap() throws Exception {
        // JAVA_TOOL_OPTIONS reaches the hub's JVM without a launcher of our own.
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", HEAP);
        try (HubProcess hub = HubProcess.start(workDir, env, "--port", "0", "--data-dir",
                workDir.resolve("data").toString(), "--api-keys", KEY, "--jwt-secret", SECRET, "--heartbeat-ms", "1000")) {
            try {
                run(hub);
            } catch (AssertionError e) {
                List<String> log = hub.err();
                throw new AssertionError(e.getMessage() + "\nthe hub's log (last lines):\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())), e);
            }
        }
    }

    private void run(HubProcess hub) throws Exception {
        int port = hub.awaitPort(WAIT);
        String anchor;
        try (TestStream s = TestHub.streamAt(http, port, jwt.mint("healthy", Duration.ofHours(1)), null, WAIT)) {
            anchor = s.awaitPosition(WAIT);
        }
        String blob = "x".repeat(ITEM_BYTES);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            published.add(publish(port, "{\"broadcast\":true,\"type\":\"big\",\"title\":\"n" + i
                    + "\",\"data\":{\"blob\":\"" + blob + "\"}}"));
        }

        // Resuming clients that send their request and never read a byte of the answer.
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stalledStream(port, "stalled-" + i, anchor));
            }
            await().atMost(WAIT).until(() -> stat(port, "connections") == STALLED);

            try (TestStream healthy = TestHub.streamAt(http, port, jwt.mint("healthy", Duration.ofHours(1)), anchor,
                    WAIT)) {
                List<SseEvent> got = healthy.collectItems(ITEMS, WAIT);
                assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(published);

                // Each stalled stream is cut, as a slow live one would be, and its memory freed.
                await().atMost(WAIT).until(() -> stat(port, "slowStreamsDropped") >= STALLED);
                assertThat(stat(port, "connections")).isEqualTo(1);

                String live = publish(port, "{\"broadcast\":true,\"type\":\"t\",\"title\":\"still here\"}");
                assertThat(healthy.collectItems(1, WAIT).get(0).id()).isEqualTo(live);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }

        assertThat(hub.process().isAlive()).isTrue();
        JsonNode health = TestHub.json(get(port, "/health").body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("reasons")).isEmpty();
        assertThat(hub.err()).noneMatch(l -> l.contains("OutOfMemoryError") || l.contains("store unavailable"));
    }

    /** Opens a resuming stream with a tiny receive window and never reads from it. */
    private Socket stalledStream(int port, String user, String lastEventId) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + jwt.mint(user, Duration.ofHours(1)) + "\r\nAccept: text/event-stream\r\nLast-Event-ID: " + lastEventId
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private String publish(int port, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return TestHub.json(r.body()).get("id").asText();
    }

    private long stat(int port, String name) throws Exception {
        return TestHub.json(get(port, "/v1/stats").body()).get(name).asLong();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
