package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.auth.JwtService;
import dev.herald.server.support.Batches;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack from issue 12, against the packaged hub with a small heap: 250 batch posts of 1 MiB at
 * once to a {@code -Xmx256m} node (which used to run out of memory, lose its writer thread and die
 * with committed batches unanswered). Now it stays up on its default byte budget; every post gets a
 * reply, every 202 is stored whole and replayed, every refusal is a clean {@code 503 overloaded} with
 * Retry-After that stored nothing.
 */
class OverloadIT {
    private static final String KEY = "overload-publisher-key-0123456789";
    private static final String SECRET = "overload-jwt-secret-0123456789abcdef0123456";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int POSTS = 250;
    private static final int PER_BATCH = 1000;

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JwtService jwt = new JwtService(SECRET.getBytes(StandardCharsets.UTF_8));

    private record Reply(int batch, int status, String retryAfter, JsonNode body) {
    }

    @Test
    void aFloodOfMebibyteBatchesOnASmallHeapIsAnsweredAndEveryReplyMatchesTheStore() throws Exception {
        try (HubProcess hub = HubProcess.start(workDir, Map.of(), List.of("-Xmx256m"), "--port", "0",
                "--data-dir", workDir.resolve("data").toString(), "--api-keys", KEY, "--jwt-secret", SECRET,
                // This test is about memory under a flood, not about rates: 250,000 items from one key
                // would otherwise meet the publish rate limit (RateLimitTest covers that) long before.
                "--publish-rate", "off")) {
            int port = hub.awaitPort(WAIT);
            String anchor;
            try (TestStream s = TestHub.streamAt(http, port, jwt.mint("anchor", Duration.ofHours(1)), null, WAIT)) {
                anchor = s.awaitPosition(WAIT);
            }

            List<Reply> replies = flood(port);

            assertThat(hub.process().isAlive()).isTrue();
            assertThat(hub.err()).noneMatch(l -> l.contains("OutOfMemoryError"));
            List<Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
            List<Reply> refused = replies.stream().filter(r -> r.status() != 202).toList();
            assertThat(refused).as("the flood went past the budget").isNotEmpty();
            assertThat(accepted).as("and the node kept accepting what fits").isNotEmpty();
            for (Reply r : refused) {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.body().at("/error/code").asText()).isEqualTo("overloaded");
                assertThat(r.retryAfter()).isNotNull();
                assertThat(Integer.parseInt(r.retryAfter())).isPositive();
                assertThat(unreadCount(port, r.batch())).as("nothing of refused batch %d is stored", r.batch()).isZero();
            }
            for (Reply r : accepted) {
                List<String> ids = Batches.ids(r.body());
                assertThat(ids).hasSize(PER_BATCH);
                assertThat(unreadCount(port, r.batch())).isEqualTo(PER_BATCH);
                try (TestStream s = TestHub.streamAt(http, port, jwt.mint(user(r.batch()), Duration.ofHours(1)), anchor, WAIT)) {
                    List<SseEvent> replayed = s.collect("notification", PER_BATCH, WAIT);
                    assertThat(replayed).extracting(SseEvent::id).as("batch %d replayed", r.batch()).isEqualTo(ids);
                }
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(TestHub.json(health.body()).get("status").asText()).isEqualTo("ok");
        }
    }

    /** All posts at once (released together by a latch); one reply each, or the test fails. */
    private List<Reply> flood(int port) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            bodies.add(batchOfAboutOneMebibyte(user(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(POSTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                int batch = i;
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + Batches.PATH))
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
                futures.add(pool.submit(() -> {
                    go.await();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Reply(batch, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                            TestHub.json(r.body()));
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private long unreadCount(int port, int batch) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/"
                        + user(batch) + "/notifications?limit=1")).header("Authorization", "Bearer " + KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHub.json(r.body()).get("unreadCount").asLong();
    }

    private static String user(int batch) {
        return "flood-" + batch;
    }

    /** 1000 notifications of about 1 KiB each for one user: just under the route's 1 MiB limit. */
    private static String batchOfAboutOneMebibyte(String userId) {
        String padding = "x".repeat(950);
        List<String> elements = new ArrayList<>(PER_BATCH);
        for (int i = 0; i < PER_BATCH; i++) {
            elements.add("{\"userId\":\"" + userId + "\",\"type\":\"t\",\"title\":\"n" + i + "\",\"body\":\"" + padding + "\"}");
        }
        return Batches.batch(elements);
    }
}
