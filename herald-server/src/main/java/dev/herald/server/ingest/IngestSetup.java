package dev.herald.server.ingest;

import dev.herald.core.ingest.IngestSource;
import dev.herald.ingest.kafka.KafkaIngestSource;
import dev.herald.ingest.sqs.SqsIngestSource;
import dev.herald.ingest.outbox.OutboxConfig;
import dev.herald.ingest.outbox.PostgresOutboxSource;
import dev.herald.ingest.redis.RedisStreamsConfig;
import dev.herald.ingest.redis.RedisStreamsSource;
import dev.herald.redis.RedisUrl;
import dev.herald.server.config.IngestSettings;
import dev.herald.store.postgres.PostgresUrl;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The ingest sources a node's settings ask for, built but not started. */
public final class IngestSetup {
    private IngestSetup() {
    }

    /**
     * @param nodeId this node's id: a source names itself to its broker with it (a consumer name, a
     *               lease owner), so a restarted node is told apart from a dead one in logs
     */
    public static List<IngestSource> sources(IngestSettings settings, String nodeId, Vertx vertx) {
        List<IngestSource> out = new ArrayList<>();
        // INGEST-OUTBOX
        if (settings.outbox() != null) {
            PostgresUrl url = PostgresUrl.parse(settings.outbox().url()); // checked by IngestSettings
            out.add(new PostgresOutboxSource(new OutboxConfig(url.jdbcUrl(), url.user(), url.password(),
                    url.redacted(), settings.outbox().table(), nodeId)));
        }
        // INGEST-REDIS
        if (settings.redis() != null) {
            RedisUrl url = RedisUrl.parse(settings.redis().url());
            out.add(new RedisStreamsSource(new RedisStreamsConfig(url.value(), url.redacted(), url.tls(),
                    settings.redis().streams(), settings.redis().group(), nodeId, settings.redis().leaseMs()), vertx));
        }
        // INGEST-KAFKA
        if (settings.kafka() != null) {
            IngestSettings.Kafka k = settings.kafka();
            out.add(new KafkaIngestSource(k.bootstrapServers(), k.topics(), k.group(), nodeId,
                    Duration.ofMillis(k.sessionTimeoutMs())));
        }
        // INGEST-SQS
        if (settings.sqs() != null) {
            IngestSettings.Sqs sqs = settings.sqs();
            out.add(SqsIngestSource.create(sqs.queueUrl(), sqs.region(), sqs.endpoint(), sqs.visibilitySeconds()));
        }
        return out;
    }
}
