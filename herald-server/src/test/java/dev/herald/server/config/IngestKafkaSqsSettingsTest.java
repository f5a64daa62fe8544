package dev.herald.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kafka and SQS sources' settings: read together, and refused before the node starts when they cannot work. */
class IngestKafkaSqsSettingsTest {
    @TempDir
    Path dir;

    private HeraldConfig load(Map<String, String> env) {
        return new ConfigLoader().load(new String[] {"--data-dir", dir.toString()}, env);
    }

    @Test
    void kafkaTakesServersAndTopicsTogetherAndChecksTheirShape() {
        IngestSettings.Kafka kafka = load(Map.of("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2.internal:9093",
                "HERALD_INGEST_KAFKA_TOPICS", "orders, signups")).ingest().kafka();
        assertThat(kafka.topics()).isEqualTo(List.of("orders", "signups"));
        assertThat(kafka.group()).isEqualTo("herald");
        assertThat(kafka.sessionTimeoutMs()).isEqualTo(10_000);
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", "k1",
                "HERALD_INGEST_KAFKA_TOPICS", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", "k1:9092",
                "HERALD_INGEST_KAFKA_TOPICS", "orders/dead")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_KAFKA_TOPICS");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_KAFKA_TOPICS", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("go together");
    }

    @Test
    void kafkaSessionTimeoutIsWholeMillisecondsWithinKafkasOwnBounds() {
        Map<String, String> kafka = Map.of("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", "k1:9092", "HERALD_INGEST_KAFKA_TOPICS", "orders");
        assertThat(load(with(kafka, "HERALD_INGEST_KAFKA_SESSION_TIMEOUT_MS", "6000")).ingest().kafka().sessionTimeoutMs())
                .isEqualTo(6_000);
        for (String bad : List.of("999", "1800001", "10s", "-1")) {
            assertThatThrownBy(() -> load(with(kafka, "HERALD_INGEST_KAFKA_SESSION_TIMEOUT_MS", bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_KAFKA_SESSION_TIMEOUT_MS")
                    .hasMessageContaining("1000..1800000");
        }
    }

    @Test
    void sqsVisibilityIsWholeSecondsThatSqsAccepts() {
        Map<String, String> sqs = Map.of("HERALD_INGEST_SQS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/q.fifo");
        assertThat(load(with(sqs, "HERALD_INGEST_SQS_VISIBILITY_SECONDS", "300")).ingest().sqs().visibilitySeconds())
                .isEqualTo(300);
        for (String bad : List.of("1", "43201", "12s", "")) {
            assertThatThrownBy(() -> load(with(sqs, "HERALD_INGEST_SQS_VISIBILITY_SECONDS", bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_SQS_VISIBILITY_SECONDS")
                    .hasMessageContaining("2..43200");
        }
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(env);
        out.put(key, value);
        return out;
    }

    @Test
    void sqsNeedsAQueueUrlAndAnHttpEndpoint() {
        IngestSettings.Sqs sqs = load(Map.of("HERALD_INGEST_SQS_QUEUE_URL",
                "https://sqs.eu-west-1.amazonaws.com/123456789012/notifications.fifo")).ingest().sqs();
        assertThat(sqs.region()).isEqualTo("us-east-1");
        assertThat(sqs.endpoint()).isNull();
        assertThat(sqs.visibilitySeconds()).isEqualTo(12);
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_SQS_QUEUE_URL", "sqs://queue")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_SQS_QUEUE_URL");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_SQS_ENDPOINT", "http://localhost:9324")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs HERALD_INGEST_SQS_QUEUE_URL");
    }
}
