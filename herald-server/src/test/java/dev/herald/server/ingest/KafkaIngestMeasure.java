package dev.herald.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.support.HubProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest throughput from Kafka beside the HTTP batch route, on one node with the default SQLite store
 * (as {@code bin/herald} launches it): messages/s to durable. Not part of the suite (not an *IT); run
 * it by name, see docs/performance.md. Figures are printed (MEASURE lines), never asserted.
 */
class KafkaIngestMeasure {
    private static final String KEY = "measure-publisher-key-0123456789";
    private static final int PARTITIONS = 4;
    private static final int MESSAGES = Integer.getInteger("measure.messages", 40_000);
    private static final int HTTP_BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void kafkaIngestBesideTheHttpBatchRoute() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            String topic = "measure";
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(topic + ".dead", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, "20"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < MESSAGES; i++) {
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null,
                            "{\"kind\":\"notification\"," + notification(i).substring(1)));
                }
                producer.flush();
            }
            HubProcess hub = HubProcess.start(dir, Map.of("HERALD_API_KEYS", KEY, "HERALD_JWT_SECRET",
                            "measure-jwt-secret-0123456789abcdef0123456789",
                            "HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                            "HERALD_INGEST_KAFKA_TOPICS", topic, "HERALD_INGEST_KAFKA_GROUP", "measure",
                            // The HTTP side measures the route, not the per-key limit.
                            "HERALD_PUBLISH_RATE", "off"),
                    "--port", "0", "--data-dir", dir.resolve("data").toString());
            try {
                int port = hub.awaitPort(Duration.ofSeconds(90));
                // From the first settled message to the last: the group join before it is not throughput.
                long[] first = new long[2];
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    long processed = processed(port);
                    if (first[0] == 0 && processed > 0) {
                        first[0] = System.nanoTime();
                        first[1] = processed;
                    }
                    return processed >= MESSAGES;
                });
                double kafkaRate = (MESSAGES - first[1]) / ((System.nanoTime() - first[0]) / 1e9);
                double httpRate = httpBatches(port);
                System.out.printf("MEASURE kafka ingest: %d messages, %.0f messages/s to durable%n", MESSAGES, kafkaRate);
                System.out.printf("MEASURE http batch route (%d per request, %d clients): %.0f notifications/s%n",
                        HTTP_BATCH, PARTITIONS, httpRate);
                System.out.printf("MEASURE load average %.1f%n",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                assertThat(kafkaRate).isPositive();
            } finally {
                hub.close();
            }
        }
    }

    private static String notification(int n) {
        return "{\"userId\":\"u-" + (n % PARTITIONS) + "\",\"type\":\"measure\",\"title\":\"m " + n + "\",\"data\":{\"n\":" + n + "}}";
    }

    /** The same number of notifications through POST /v1/notifications/batch, one client per partition. */
    private double httpBatches(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARTITIONS);
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < PARTITIONS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                for (int from = client * (MESSAGES / PARTITIONS); from < (client + 1) * (MESSAGES / PARTITIONS); from += HTTP_BATCH) {
                    StringBuilder body = new StringBuilder("{\"notifications\":[");
                    for (int i = from; i < from + HTTP_BATCH; i++) {
                        body.append(i == from ? "" : ",").append(notification(MESSAGES + i));
                    }
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/v1/notifications/batch")).header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        return MESSAGES / ((System.nanoTime() - start) / 1e9);
    }

    private long processed(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stats"))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode s : JSON.readTree(r.body()).path("ingest")) {
            if ("kafka".equals(s.path("source").asText())) {
                return s.path("processed").asLong();
            }
        }
        return 0;
    }
}
