package dev.herald.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.support.HubProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis Streams ingest throughput beside the HTTP batch route, on one node with the default SQLite
 * store (docs/performance.md): {@value #N} notifications written to a stream before the node starts,
 * timed from the first one settled to the last (from the node's own /v1/stats, polled every 20 ms);
 * then the same number posted to {@code POST /v1/notifications/batch}, 200 per post, 16 in flight, to
 * the same node. Prints both; asserts only that everything arrived: a timing never fails a build.
 * Opt in with {@code -Dherald.measure=true} (needs the packaged jar and the local Redis);
 * {@code -Dherald.measure.streams=4} spreads the notifications over 4 streams (4 partitions in parallel).
 */
class RedisStreamsIngestMeasure {
    private static final int N = 40_000;
    private static final String KEY = "measure-publisher-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void ingestBesideTheBatchRoute() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"), "a measurement: run with -Dherald.measure=true");
        int streams = Integer.getInteger("herald.measure.streams", 1);
        try (RedisStreamsFixture source = new RedisStreamsFixture(streams, "measure")) {
            for (String stream : source.partitions()) {
                List<String> bodies = new ArrayList<>();
                for (int i = source.partitions().indexOf(stream); i < N; i += streams) {
                    bodies.add("{\"kind\":\"notification\"," + notification(i) + "}");
                    if (bodies.size() == 1_000) {
                        source.send(stream, bodies);
                        bodies.clear();
                    }
                }
                source.send(stream, bodies);
            }
            Map<String, String> env = new HashMap<>(source.env());
            // As the benchmarks run the hub: the per-key publish rate (2,000/s by default) off, to measure the route.
            env.putAll(Map.of("HERALD_API_KEYS", KEY, "HERALD_JWT_SECRET", "measure-jwt-secret-0123456789abcdef0123456789",
                    "HERALD_PUBLISH_RATE", "off"));
            try (HubProcess hub = HubProcess.start(dir, env, "--port", "0", "--data-dir", dir.toString())) {
                int port = hub.awaitPort(Duration.ofSeconds(60));
                long[] first = new long[2];
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    long processed = processed(port);
                    if (first[0] == 0 && processed > 0) {
                        first[0] = System.nanoTime();
                        first[1] = processed;
                    }
                    return processed >= N;
                });
                double ingestRate = (N - first[1]) / ((System.nanoTime() - first[0]) / 1e9);

                long t0 = System.nanoTime();
                int failed = postBatches(port);
                double httpRate = N / ((System.nanoTime() - t0) / 1e9);
                assertThat(failed).isZero();
                System.out.printf("MEASURE redis-streams ingest, %d stream(s): %d notifications to durable at %.0f/s;"
                                + " HTTP batch route (200 per post, 16 in flight), same node: %.0f/s; %d cores%n",
                        streams, N, ingestRate, httpRate, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private static String notification(int i) {
        return "\"userId\":\"u" + (i % 1000) + "\",\"type\":\"measure\",\"title\":\"m " + i + "\",\"data\":{\"n\":" + i + "}";
    }

    private long processed(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stats"))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode s : JSON.readTree(r.body()).path("ingest")) {
            return s.path("processed").asLong();
        }
        return 0;
    }

    private int postBatches(int port) throws Exception {
        Semaphore window = new Semaphore(16);
        AtomicInteger failed = new AtomicInteger();
        java.util.Set<String> why = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int from = 0; from < N; from += 200) {
            StringBuilder sb = new StringBuilder("{\"notifications\":[");
            for (int i = from; i < from + 200; i++) {
                sb.append(i == from ? "" : ",").append('{').append(notification(N + i)).append('}');
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications/batch"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(sb.append("]}").toString())).build();
            window.acquire();
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                window.release();
                if (e != null || r.statusCode() != 202) {
                    failed.incrementAndGet();
                    why.add(e != null ? e.toString() : r.statusCode() + " " + r.body());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        why.stream().limit(3).forEach(w -> System.out.println("MEASURE failed post: " + w));
        return failed.get();
    }
}
