package dev.herald.ingest.redis;

import java.util.List;
import java.util.Objects;

/**
 * What the Redis Streams source consumes.
 *
 * @param url         the Redis URL as given (may hold a password: never log it)
 * @param redactedUrl the same without its password, for logs
 * @param tls         {@code rediss://}
 * @param streams     the stream keys; each is one ordered partition
 * @param group       the consumer group every node shares (one per stream, same name)
 * @param nodeId      this node's id: the start of its consumer name and lease owner
 */
public record RedisStreamsConfig(String url, String redactedUrl, boolean tls, List<String> streams, String group,
                                 String nodeId) {
    public RedisStreamsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(redactedUrl, "redactedUrl");
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams");
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    @Override
    public String toString() {
        // A record prints its fields: keep the password out of any accidental log line.
        return "RedisStreamsConfig[" + redactedUrl + ", streams=" + streams + ", group=" + group + "]";
    }
}
