package dev.herald.ingest.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Who consumes which stream: one lease key per stream ({@code SET NX PX}, renewed by its owner, taken
 * over by another node once it expired) and a sorted set of live nodes (scored by Redis's own clock,
 * so nodes' clocks may differ) from which each node computes its fair share.
 *
 * <p>Keys: {@code herald-ingest:<group>:lease:<stream>} and {@code herald-ingest:<group>:nodes}.
 */
final class StreamLeases {

    private static final String HEARTBEAT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
            return redis.call('ZCARD', KEYS[1])""";
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedisCommands redis;
    private final String group;
    private final String token;
    /** A dead node's streams are free this long after its last renewal. */
    private final long ttlMs;

    /** @param token this process's owner value: unique per start, so a restarted node is not its dead self */
    StreamLeases(RedisCommands redis, String group, String token, LeaseTiming timing) {
        this.redis = redis;
        this.group = group;
        this.token = token;
        this.ttlMs = timing.ttlMs();
    }

    /** Says this node is alive; answers how many nodes are. */
    int heartbeat() throws Exception {
        Response r = redis.send(Request.cmd(Command.EVAL).arg(HEARTBEAT).arg(1).arg(nodesKey()).arg(token).arg(ttlMs));
        return Math.max(1, r.toInteger());
    }

    /** Takes the stream's lease if it is free (the caller counts its validity from before the call). */
    boolean acquire(String stream) throws Exception {
        Response r = redis.send(Request.cmd(Command.SET).arg(leaseKey(stream)).arg(token).arg("NX").arg("PX").arg(ttlMs));
        return r != null && "OK".equals(r.toString());
    }

    /** Extends a lease this node holds; false when it is no longer this node's. */
    boolean renew(String stream) throws Exception {
        Response r = redis.send(Request.cmd(Command.EVAL).arg(RENEW).arg(1).arg(leaseKey(stream)).arg(token).arg(ttlMs));
        return r != null && r.toInteger() == 1;
    }

    /** Frees a lease this node holds at once (another node may take the stream on its next round). */
    void release(String stream) throws Exception {
        redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(leaseKey(stream)).arg(token));
    }

    /** Leaves the live nodes at once, so the others' shares grow without waiting for the TTL. */
    void leave() throws Exception {
        redis.send(Request.cmd(Command.ZREM).arg(nodesKey()).arg(token));
    }

    private String nodesKey() {
        return "herald-ingest:" + group + ":nodes";
    }

    private String leaseKey(String stream) {
        return "herald-ingest:" + group + ":lease:" + stream;
    }
}
