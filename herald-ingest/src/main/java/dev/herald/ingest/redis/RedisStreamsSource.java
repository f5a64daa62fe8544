package dev.herald.ingest.redis;

import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestSource;
import dev.herald.core.ingest.IngestStats;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Redis Streams as an ingest source: each configured stream is one ordered partition, read through a
 * consumer group that all nodes share. One node at a time consumes a stream (it holds the stream's
 * lease, see {@link StreamLeases}); the streams are spread evenly over the live nodes, and a dead
 * node's streams pass to the others once its leases expire ({@link RedisStreamsConfig#leaseMs()}, 6 s by
 * default).
 *
 * <p>Threads: {@code herald-ingest-redis} takes, renews and gives back leases and refreshes the lag;
 * {@code herald-ingest-redis-<stream>} consumes one leased stream ({@link StreamConsumer}).
 */
public final class RedisStreamsSource implements IngestSource {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamsSource.class);
    static final String NAME = "redis-streams";
    private static final long STOP_WAIT_MS = 5_000;

    private final RedisStreamsConfig config;
    private final LeaseTiming timing;
    private final Redis client;
    private final IngestStats stats = new IngestStats(NAME);
    private final String token;
    private final StreamLag lag;
    private final Object wake = new Object();
    // Touched only by the coordinator thread (and by close() once it has ended).
    private final Map<String, StreamConsumer> held = new LinkedHashMap<>();
    private volatile IngestSink sink;
    private volatile boolean closed;
    private Thread coordinator;

    public RedisStreamsSource(RedisStreamsConfig config, Vertx vertx) {
        this.config = config;
        this.timing = new LeaseTiming(config.leaseMs());
        // RESP2: the answers' shapes (flat arrays) are the ones the parsers here read.
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(config.streams().size() + 2).setMaxPoolWaiting(1_000)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true)
                        .setTcpNoDelay(true).setSsl(config.tls())));
        this.token = config.nodeId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.lag = new StreamLag(config.streams(), config.group());
        stats.lagFrom(lag::cached);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IngestStats stats() {
        return stats;
    }

    @Override
    public synchronized void start(IngestSink sink) {
        if (coordinator != null || closed) {
            return;
        }
        this.sink = sink;
        coordinator = new Thread(this::coordinate, "herald-ingest-redis");
        coordinator.setDaemon(true);
        coordinator.start();
        log.info("ingest {}: streams {} of {} in group {}, as {}", NAME, config.streams(), config.redactedUrl(),
                config.group(), token);
    }

    private void coordinate() {
        RedisCommands redis = new RedisCommands(client);
        StreamLeases leases = new StreamLeases(redis, config.group(), token, timing);
        boolean failing = false;
        long joinAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.joinDelayMs());
        while (!closed) {
            try {
                round(leases, System.nanoTime() - joinAt >= 0);
                lag.refresh(redis);
                failing = false;
            } catch (Exception e) {
                // Leases not renewed lapse by themselves: the consumers stop before another node can start.
                stats.countRetry(IngestStats.SOURCE_UNAVAILABLE, String.valueOf(e.getMessage()));
                if (!failing) {
                    log.warn("ingest {}: cannot reach Redis at {} ({}); retrying", NAME, config.redactedUrl(), e.toString());
                }
                failing = true;
            }
            pause(timing.renewEveryMs());
        }
        stopAll(leases);
        redis.close();
    }

    /** One round: say we are alive, keep our leases, give back what is over our share, take what is under. */
    private void round(StreamLeases leases, boolean joined) throws Exception {
        int nodes = leases.heartbeat();
        int share = (config.streams().size() + nodes - 1) / nodes;
        for (StreamConsumer c : new ArrayList<>(held.values())) {
            if (c.finished()) {
                // Stopped on request or lost its lease: give it back (a no-op when it is no longer ours).
                leases.release(c.stream());
                held.remove(c.stream());
                log.info("ingest {}: stopped consuming {}", NAME, c.stream());
                continue;
            }
            long sent = System.nanoTime();
            if (leases.renew(c.stream())) {
                c.extendLease(sent);
            } else {
                c.leaseLost();
            }
        }
        List<StreamConsumer> running = held.values().stream().filter(c -> !c.finished()).toList();
        for (int i = share; i < running.size(); i++) {
            running.get(i).requestStop();
        }
        int want = joined ? share - running.size() : 0;
        List<String> streams = config.streams();
        // Start at a different stream on each node, so nodes starting together do not all race for the same one.
        int offset = Math.floorMod(token.hashCode(), streams.size());
        for (int i = 0; i < streams.size() && want > 0 && !closed; i++) {
            String stream = streams.get((offset + i) % streams.size());
            if (held.containsKey(stream)) {
                continue;
            }
            long sent = System.nanoTime();
            if (leases.acquire(stream)) {
                StreamConsumer c = new StreamConsumer(stream, config.group(), token, new RedisCommands(client), sink,
                        stats, () -> closed, timing, sent);
                held.put(stream, c);
                Thread t = new Thread(c, "herald-ingest-redis-" + stream);
                t.setDaemon(true);
                t.start();
                want--;
                log.info("ingest {}: consuming {} (share {} of {} streams over {} nodes)", NAME, stream, share,
                        streams.size(), nodes);
            }
        }
    }

    /** On close: the consumers abandon what they hold; the leases they gave up are freed for the others at once. */
    private void stopAll(StreamLeases leases) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        for (StreamConsumer c : held.values()) {
            c.requestStop();
        }
        while (held.values().stream().anyMatch(c -> !c.finished()) && System.nanoTime() - deadline < 0) {
            pauseUninterrupted(20);
        }
        try {
            for (StreamConsumer c : held.values()) {
                if (c.finished()) {
                    leases.release(c.stream());
                }
            }
            leases.leave();
        } catch (Exception e) {
            log.debug("ingest {}: leases not given back ({}); they expire", NAME, e.toString());
        }
        held.clear();
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    private static void pauseUninterrupted(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = coordinator;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        if (t != null) {
            try {
                t.join(STOP_WAIT_MS + 2 * RedisCommands.TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
