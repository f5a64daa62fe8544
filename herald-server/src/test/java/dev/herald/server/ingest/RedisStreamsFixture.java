package dev.herald.server.ingest;

import dev.herald.redis.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fresh streams on the test Redis, under a key prefix of their own, and a consumer group named after
 * it (so the nodes' lease and liveness keys are this fixture's too); every key is deleted on close.
 */
final class RedisStreamsFixture implements IngestFixture {
    private final String prefix;
    private final List<String> streams = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;

    RedisStreamsFixture(int partitions, String suffix) {
        prefix = TestRedis.freshPrefix() + "-" + suffix;
        for (int i = 0; i < partitions; i++) {
            streams.add(prefix + ":s" + i);
        }
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.URL)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    }

    /**
     * The node's settings, with 3 s stream leases instead of 6 s: a node waits 2.5 s (not 5 s) after it
     * starts before it takes streams, and a killed node's streams move after 3 s. Renewals go every
     * 0.5 s, so a node keeps its leases through pauses of well over a second on a loaded machine.
     */
    @Override
    public Map<String, String> env() {
        return Map.of("HERALD_INGEST_REDIS_URL", TestRedis.URL, "HERALD_INGEST_REDIS_STREAMS", String.join(",", streams),
                "HERALD_INGEST_REDIS_GROUP", prefix, "HERALD_INGEST_REDIS_LEASE_MS", "3000");
    }

    @Override
    public List<String> partitions() {
        return streams;
    }

    /** One {@code XADD <stream> * body <json>} per message, sent in one batch (in order). */
    @Override
    public void send(String partition, List<String> bodies) throws Exception {
        List<Request> adds = new ArrayList<>();
        for (String body : bodies) {
            adds.add(Request.cmd(Command.XADD).arg(partition).arg("*").arg("body").arg(body));
        }
        redis.batch(adds).await(10, TimeUnit.SECONDS);
    }

    @Override
    public List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> out = new ArrayList<>();
        for (String stream : streams) {
            for (Response entry : call(Request.cmd(Command.XRANGE).arg(stream + ":dead").arg("-").arg("+"))) {
                Response fields = entry.get(1);
                String body = null;
                String code = null;
                String message = null;
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    String value = fields.get(i + 1).toString();
                    switch (fields.get(i).toString()) {
                        case "body" -> body = value;
                        case "code" -> code = value;
                        case "message" -> message = value;
                        default -> { }
                    }
                }
                out.add(new DeadLetter(body, code, message));
            }
        }
        return out;
    }

    @Override
    public String sourceName() {
        return "redis-streams";
    }

    private Response call(Request r) throws Exception {
        return redis.send(r).await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            String cursor = "0";
            do {
                Response r = call(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg("*" + prefix + "*")
                        .arg("COUNT").arg(1000));
                cursor = r.get(0).toString();
                for (Response key : r.get(1)) {
                    call(Request.cmd(Command.DEL).arg(key.toString()));
                }
            } while (!"0".equals(cursor));
        } finally {
            redis.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
