package dev.herald.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's ingest figures as operators read them: /v1/stats (every reply checked against
 * docs/openapi.yaml by TestHub) and /metrics, with one source (the outbox, the cheapest to run here).
 */
@RequiresPostgres
class IngestStatsTest {
    private String schema;
    private TestHub hub;

    @BeforeEach
    void start() {
        schema = TestPostgres.newSchema();
        hub = TestHub.start(Map.of("--ingest-postgres-outbox-url", TestPostgres.urlFor(schema)));
    }

    @AfterEach
    void stop() {
        hub.close();
        TestPostgres.dropSchema(schema);
    }

    @Test
    void statsAndMetricsShowWhatASourceSettledSetAsideAndLastFailedOn() {
        // The source creates its table on its own thread once started; then a good row and a bad one,
        // as an app would insert them.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            TestPostgres.execute("SELECT 1 FROM " + schema + ".herald_outbox LIMIT 0");
            return true;
        });
        TestPostgres.execute("INSERT INTO " + schema + ".herald_outbox (partition_key, body) VALUES"
                + " ('p', '{\"kind\":\"notification\",\"userId\":\"ops\",\"type\":\"t\",\"title\":\"fine\"}'),"
                + " ('p', '{\"kind\":\"notification\",\"userId\":\"ops\",\"type\":\"t\",\"titel\":\"typo\"}')");
        JsonNode[] source = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            source[0] = TestHub.json(hub.get("/v1/stats")).path("ingest").path(0);
            return source[0].path("processed").asLong() == 2;
        });
        assertThat(source[0].path("source").asText()).isEqualTo("postgres-outbox");
        assertThat(source[0].path("deadLettered").asLong()).isEqualTo(1);
        assertThat(source[0].path("lastError").path("code").asText()).isEqualTo("validation_failed");
        assertThat(source[0].path("lastError").path("message").asText()).contains("titel");
        String metrics = hub.get("/metrics").body();
        assertThat(metrics).containsPattern("herald_ingest_processed_total\\{[^}]*source=\"postgres-outbox\"[^}]*} 2\\.0");
        assertThat(metrics).containsPattern("herald_ingest_dead_lettered_total\\{[^}]*source=\"postgres-outbox\"[^}]*} 1\\.0");
        assertThat(metrics).contains("herald_ingest_lag{");
        assertThat(TestHub.json(hub.get("/v1/users/ops/notifications")).path("items")).hasSize(1);
    }
}
