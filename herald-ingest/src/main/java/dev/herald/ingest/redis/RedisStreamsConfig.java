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
 * @param leaseMs     how long a stream's lease lives unrenewed: how soon a dead node's streams go to
 *                    the others (6000 by default, at least 1000); renewals, the lease's
 *                    safety margin and a new node's wait before it takes streams scale with it
 */
public record RedisStreamsConfig(String url, String redactedUrl, boolean tls, List<String> streams, String group,
                                 String nodeId, long leaseMs) {
    public RedisStreamsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(redactedUrl, "redactedUrl");
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams");
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(nodeId, "nodeId");
        new LeaseTiming(leaseMs); // refuses a lease shorter than a second
    }

    public RedisStreamsConfig(String url, String redactedUrl, boolean tls, List<String> streams, String group,
                              String nodeId) {
        this(url, redactedUrl, tls, streams, group, nodeId, LeaseTiming.DEFAULT_TTL_MS);
    }

    @Override
    public String toString() {
        // A record prints its fields: keep the password out of any accidental log line.
        return "RedisStreamsConfig[" + redactedUrl + ", streams=" + streams + ", group=" + group + "]";
    }
}
