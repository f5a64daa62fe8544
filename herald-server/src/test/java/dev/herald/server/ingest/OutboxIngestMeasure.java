package dev.herald.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.ingest.outbox.OutboxTable;
import dev.herald.ingest.outbox.PostgresOutboxSource;
import dev.herald.server.support.HubProcess;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest throughput of the PostgreSQL outbox beside the HTTP batch route (docs/performance.md): one
 * packaged hub on its default SQLite store, {@value #N} notifications to 100 users over 10 partitions
 * committed in one transaction, timed from the commit until the consumer has deleted every row (a
 * row is deleted only once its publish is durable); then the same number through
 * {@code POST /v1/notifications/batch} (200 per post, 16 in flight), timed until the last 202.
 * Prints the figures; asserts only that everything arrived. Opt in:
 * {@code ./mvnw -o -q -pl herald-server -am package -DskipTests && ./mvnw -o -q -pl herald-server -am test
 * -Dtest=OutboxIngestMeasure -Dherald.measure=true -Dsurefire.failIfNoSpecifiedTests=false} (the output is in
 * {@code herald-server/target/surefire-reports/dev.herald.server.ingest.OutboxIngestMeasure-output.txt}).
 */
@RequiresPostgres
class OutboxIngestMeasure {
    private static final int N = 20_000;
    private static final int RUNS = 3;
    private static final String KEY = "measure-publisher-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void outboxBesideTheBatchRoute() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"), "a measurement: run with -Dherald.measure=true");
        String schema = TestPostgres.newSchema();
        OutboxTable table = new OutboxTable(schema + ".herald_outbox");
        try (Connection c = TestPostgres.admin()) {
            table.ensure(c);
        }
        // The publish rate limit is off, as in the other throughput rows: it would answer 429 first.
        try (HubProcess hub = HubProcess.start(data, Map.of("HERALD_API_KEYS", KEY, "HERALD_PUBLISH_RATE", "off",
                "HERALD_JWT_SECRET", "measure-jwt-secret-0123456789abcdef0123456789",
                "HERALD_INGEST_POSTGRES_OUTBOX_URL", TestPostgres.URL,
                "HERALD_INGEST_POSTGRES_OUTBOX_TABLE", table.name()), "--port", "0", "--data-dir", data.toString())) {
            int port = hub.awaitPort(Duration.ofSeconds(60));
            outbox(table, 2_000); // warm-up of both paths
            http(port, 2_000);
            for (int run = 1; run <= RUNS; run++) {
                double viaOutbox = outbox(table, N);
                double viaHttp = http(port, N);
                System.out.printf("run %d: outbox %.0f/s, HTTP batch %.0f/s, load average %.1f%n", run, viaOutbox, viaHttp,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            assertThat(processed(port)).isEqualTo(2_000L + (long) RUNS * N);
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static String notification(int i) {
        return "{\"kind\":\"notification\",\"userId\":\"u-" + (i % 100) + "\",\"type\":\"measure\",\"title\":\"m " + i + "\"}";
    }

    /** Messages per second from the commit of {@code n} rows until the consumer deleted them all. */
    private static double outbox(OutboxTable table, int n) throws Exception {
        try (Connection c = TestPostgres.admin()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.name() + " (partition_key, body) VALUES (?, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, "tenant-" + (i % 10));
                    ps.setString(2, notification(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            long t0 = System.nanoTime();
            c.setAutoCommit(true);
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + table.name())) {
                while (true) {
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            break;
                        }
                    }
                    Thread.sleep(10); // a measurement's sampling interval, not a test's wait
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Notifications per second through the batch route, 200 per post, 16 posts in flight. */
    private double http(int port, int n) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += 200) {
            StringBuilder body = new StringBuilder("{\"notifications\":[");
            for (int i = from; i < from + 200; i++) {
                body.append(i == from ? "" : ",").append(notification(i).replace("\"kind\":\"notification\",", ""));
            }
            body.append("]}");
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications/batch"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            inFlight.acquire();
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null || r.statusCode() != 202) {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        assertThat(failed.get()).as("failed batch posts").isZero();
        return rate;
    }

    private long processed(int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stats"))
                .header("Authorization", "Bearer " + KEY).build();
        for (JsonNode s : JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("ingest")) {
            if (s.path("source").asText().equals(PostgresOutboxSource.NAME)) {
                return s.path("processed").asLong();
            }
        }
        return -1;
    }
}
