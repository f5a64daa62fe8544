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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages per second from an SQS FIFO queue (ElasticMQ, 100 message groups) to durable in one hub on
 * its default SQLite store, beside the HTTP batch route on the same hub (docs/performance.md). Prints
 * the figures and asserts only that everything arrived: a timing never fails a build. Runs with
 * failsafe (it needs herald.jar); opt in with {@code -Dherald.measure=true}.
 */
class SqsIngestThroughputMeasure {
    private static final int GROUPS = 100;
    private static final int MESSAGES = 20_000;
    private static final int BATCH = 100;
    private static final String KEY = "measure-publisher-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void messagesPerSecondToDurable() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"), "a measurement: run with -Dherald.measure=true");
        try (ElasticMqProcess elasticMq = ElasticMqProcess.start();
             SqsFixture queue = new SqsFixture(elasticMq, GROUPS, "measure" + System.nanoTime() % 100_000)) {
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (String g : queue.partitions()) {
                sent.add(senders.submit(() -> {
                    List<String> bodies = new ArrayList<>();
                    for (int n = 0; n < MESSAGES / GROUPS; n++) {
                        bodies.add(notification("u-" + g, n, true));
                    }
                    queue.send(g, bodies);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            Map<String, String> env = new HashMap<>(queue.env());
            env.putAll(Map.of("HERALD_API_KEYS", KEY, "HERALD_JWT_SECRET", "measure-jwt-secret-0123456789abcdef0123456789",
                    "HERALD_PUBLISH_RATE", "off"));
            try (HubProcess hub = HubProcess.start(dir, env, "--port", "0", "--data-dir", dir.toString())) {
                int port = hub.awaitPort(Duration.ofSeconds(60));
                long p0 = processed(port);
                long t0 = System.nanoTime();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> processed(port) >= MESSAGES);
                double sqsRate = (MESSAGES - p0) / ((System.nanoTime() - t0) / 1e9);

                long t1 = System.nanoTime();
                List<Future<?>> posts = new ArrayList<>();
                for (int b = 0; b < MESSAGES / BATCH; b++) {
                    int batch = b;
                    posts.add(senders.submit(() -> postBatch(port, batch)));
                }
                for (Future<?> f : posts) {
                    f.get();
                }
                double httpRate = MESSAGES / ((System.nanoTime() - t1) / 1e9);
                senders.shutdown();
                System.out.printf("MEASURE sqs-fifo %d groups: %.0f messages/s to durable (%d messages, batches of up to 100)%n",
                        GROUPS, sqsRate, MESSAGES - p0);
                System.out.printf("MEASURE http batch route, 8 clients, 100 per post: %.0f notifications/s%n", httpRate);
                assertThat(processed(port)).isGreaterThanOrEqualTo(MESSAGES);
            }
        }
    }

    private Void postBatch(int port, int batch) throws Exception {
        StringBuilder sb = new StringBuilder("{\"notifications\":[");
        for (int i = 0; i < BATCH; i++) {
            sb.append(i == 0 ? "" : ",").append(notification("h-" + (i % GROUPS), batch * BATCH + i, false));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications/batch"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sb.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return null;
    }

    private long processed(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stats"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode s : JSON.readTree(r.body()).path("ingest")) {
            if ("sqs".equals(s.path("source").asText())) {
                return s.path("processed").asLong();
            }
        }
        return 0;
    }

    private static String notification(String user, int n, boolean kind) {
        return "{" + (kind ? "\"kind\":\"notification\"," : "") + "\"userId\":\"" + user
                + "\",\"type\":\"measure\",\"title\":\"message " + n + "\",\"data\":{\"n\":" + n + "}}";
    }
}
