package dev.herald.ingest.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * The source's lag: entries of all its streams not yet acknowledged by the group (never delivered,
 * the group's {@code lag}, plus delivered but pending), asked of Redis at most every few seconds and
 * read from the cache by the stats.
 */
final class StreamLag {
    static final long REFRESH_MS = 5_000;

    private final List<String> streams;
    private final String group;
    private volatile long cached = -1;
    private long refreshedAt;

    StreamLag(List<String> streams, String group) {
        this.streams = streams;
        this.group = group;
    }

    long cached() {
        return cached;
    }

    /** Asks Redis again when the cached figure is old; -1 when a stream's group cannot tell (yet). */
    void refresh(RedisCommands redis) throws Exception {
        long now = System.nanoTime();
        if (refreshedAt != 0 && now - refreshedAt < REFRESH_MS * 1_000_000) {
            return;
        }
        refreshedAt = now;
        long total = 0;
        for (String stream : streams) {
            long one = -1;
            try {
                for (Response g : redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))) {
                    one = ofGroup(g, one);
                }
            } catch (RedisCommands.RedisReplyException e) {
                // No such stream yet: nothing waits in it.
                one = 0;
            }
            if (one < 0) {
                cached = -1;
                return;
            }
            total += one;
        }
        cached = total;
    }

    private long ofGroup(Response g, long otherwise) {
        String name = null;
        Long lag = null;
        long pending = 0;
        for (int i = 0; i + 1 < g.size(); i += 2) {
            Response v = g.get(i + 1);
            switch (g.get(i).toString()) {
                case "name" -> name = v.toString();
                case "lag" -> lag = v == null ? null : v.toLong();
                case "pending" -> pending = v.toLong();
                default -> { }
            }
        }
        if (!group.equals(name)) {
            return otherwise;
        }
        return lag == null ? -1 : lag + pending;
    }
}
