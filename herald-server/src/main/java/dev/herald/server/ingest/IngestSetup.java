package dev.herald.server.ingest;

import dev.herald.core.ingest.IngestSource;
import dev.herald.ingest.redis.RedisStreamsConfig;
import dev.herald.ingest.redis.RedisStreamsSource;
import dev.herald.redis.RedisUrl;
import dev.herald.server.config.IngestSettings;
import io.vertx.core.Vertx;

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
        // INGEST-REDIS
        if (settings.redis() != null) {
            RedisUrl url = RedisUrl.parse(settings.redis().url());
            out.add(new RedisStreamsSource(new RedisStreamsConfig(url.value(), url.redacted(), url.tls(),
                    settings.redis().streams(), settings.redis().group(), nodeId), vertx));
        }
        // INGEST-KAFKA
        // INGEST-SQS
        return out;
    }
}
