package dev.herald.server;

import dev.herald.core.bus.Bus;
import dev.herald.core.bus.LocalBus;
import dev.herald.core.cluster.Cluster;
import dev.herald.core.cluster.SingleNode;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.HubConfig;
import dev.herald.core.ingest.IngestSource;
import dev.herald.core.limit.LocalRateLimiter;
import dev.herald.core.limit.RateLimiter;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.server.auth.ApiKeys;
import dev.herald.server.auth.JwksTokenKeys;
import dev.herald.server.auth.JwtService;
import dev.herald.core.push.PushDelivery;
import dev.herald.core.push.PushSender;
import dev.herald.server.push.PushSetup;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.http.ByteBudget;
import dev.herald.server.http.HttpVerticle;
import dev.herald.server.http.InFlight;
import dev.herald.server.http.IngestPublisher;
import dev.herald.server.ingest.IngestSetup;
import dev.herald.server.http.Lifecycle;
import dev.herald.server.metrics.Metrics;
import dev.herald.redis.RedisBus;
import dev.herald.redis.RedisCluster;
import dev.herald.redis.RedisLink;
import dev.herald.redis.RedisRateLimiter;
import dev.herald.redis.RedisUrl;
import dev.herald.store.postgres.PostgresStore;
import dev.herald.store.sqlite.SqliteStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Herald node: the hub core with its store and bus, and one HTTP verticle per event loop on top.
 * In cluster mode the bus and the cluster view run on Redis. {@link #start} returns once the port is
 * bound; {@link #close} drains and is safe to call twice.
 */
public final class HeraldServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeraldServer.class);
    /** In cluster mode, how often a node checks the log's head for items the bus did not bring. */
    private static final long CATCH_UP_INTERVAL_MS = 1000;
    /** How long a start waits for Redis before it goes on degraded (and keeps reconnecting). */
    private static final long REDIS_START_WAIT_MS = 3000;

    private final HeraldConfig config;
    private final Hub hub;
    private final RedisLink redis;
    private final Metrics metrics;
    private final Vertx vertx;
    private final Lifecycle lifecycle = new Lifecycle();
    private final InFlight inFlight = new InFlight();
    private final ByteBudget byteBudget;
    private final RateLimiter rateLimiter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private JwtService jwt;
    private PushSender pushSender;
    private PushDelivery pushDelivery;
    private List<IngestSource> ingest = List.of();
    private int port;
    private HttpVerticle firstLoop;

    private HeraldServer(HeraldConfig config, Store store) {
        this.config = config;
        this.byteBudget = new ByteBudget(config.httpLimits().maxInflightBytes());
        // A replaying stream may hold about as much again as its unsent bytes: one page read ahead
        // and one queue of live items, each bounded by the same figure.
        HubConfig hubConfig = HubConfig.defaults().withMaxConnectionsPerUser(config.maxConnectionsPerUser())
                .withReplayBytes(config.streamBufferBytes(), config.streamBufferBytes());
        Bus bus;
        Cluster cluster;
        if (config.clustered()) {
            redis = new RedisLink(RedisUrl.parse(config.redisUrl()), RedisBus.channel(store.epoch()));
            bus = new RedisBus(redis, config.nodeId(), store.epoch());
            cluster = new RedisCluster(redis, config.nodeId(), RedisCluster.prefix(store.epoch()));
            rateLimiter = new RedisRateLimiter(redis, RedisCluster.prefix(store.epoch()));
            hubConfig = hubConfig.withCatchUpIntervalMillis(CATCH_UP_INTERVAL_MS);
        } else {
            redis = null;
            rateLimiter = new LocalRateLimiter();
            bus = new LocalBus();
            cluster = new SingleNode(config.nodeId());
        }
        this.hub = new Hub(hubConfig, store, bus, cluster);
        this.metrics = new Metrics(hub);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops())
                .setPreferNativeTransport(true));
        // What a handler on an event loop did not catch: a JVM error is reported as such (and shown by
        // /health); anything else is logged as Vert.x would.
        vertx.exceptionHandler(failure -> {
            if (failure instanceof Error error) {
                hub.jvmErrors().record(error, "an event loop");
            } else {
                log.error("unhandled exception on an event loop", failure);
            }
        });
    }

    /**
     * Opens the store, starts a node and binds its port; throws (with a message fit for the operator)
     * if the store cannot be opened or the port cannot be bound.
     */
    public static HeraldServer start(HeraldConfig config) {
        Store store = openStore(config);
        HeraldServer server;
        try {
            server = new HeraldServer(config, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            server.startUp();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** PostgreSQL when a URL is configured, otherwise the embedded SQLite file in the data directory. */
    private static Store openStore(HeraldConfig config) {
        StoreOptions options = StoreOptions.defaults().withSyncRetention(config.eventRetention());
        if (config.postgresUrl() != null) {
            return PostgresStore.open(config.postgresUrl(), options);
        }
        return SqliteStore.open(config.dataDir(), options);
    }

    private void startUp() {
        hub.start();
        pushSender = PushSetup.sender(config);
        pushDelivery = new PushDelivery(hub.store(), hub.cluster(), pushSender,
                PushDelivery.Options.defaults().withLeaseMillis(config.pushLeaseSeconds() * 1000));
        metrics.push(pushDelivery.metrics());
        pushDelivery.start();
        if (redis != null) {
            redis.start();
            try {
                if (!redis.awaitUp(REDIS_START_WAIT_MS)) {
                    log.warn("Redis is not reachable yet: serving this node's streams only (health: degraded) and"
                            + " reconnecting in the background");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The fingerprint is public: operators compare it across nodes, which must share one key pair.
        log.info("Web Push VAPID key fingerprint {} (subject {})", config.vapid().fingerprint(), config.vapid().subject());
        if (config.jwks() == null) {
            jwt = new JwtService(config.jwtSecret());
        } else {
            // Starts fetching in the background: a provider that does not answer yet does not hold up the start.
            JwksTokenKeys idpKeys = new JwksTokenKeys(config.jwks());
            jwt = new JwtService(config.jwtSecret(), idpKeys, config.jwks());
            metrics.jwks(idpKeys);
            log.info("accepting subscriber tokens signed with the keys at {} beside the hub's own HS256 tokens",
                    config.jwks().shownUrl());
            if (config.jwks().fetchedInTheClear()) {
                log.warn("the identity provider's keys are fetched over plain http from {}: anyone on the way can"
                        + " swap them for their own and sign tokens for any user; use https", config.jwks().shownUrl());
            }
        }
        ApiKeys keys = new ApiKeys(config.apiKeys());
        // Vert.x shares one listening socket among the instances; a negative port asks it to share one
        // random free port (port 0 would give each instance a different one).
        int listenPort = config.port() == 0 ? -1 : config.port();
        HttpVerticle first = new HttpVerticle(hub, config, listenPort, jwt, keys, metrics, lifecycle, inFlight, byteBudget,
                rateLimiter);
        await(vertx.deployVerticle(first));
        port = first.actualPort();
        firstLoop = first;
        if (config.eventLoops() > 1) {
            await(vertx.deployVerticle(() -> new HttpVerticle(hub, config, listenPort, jwt, keys, metrics, lifecycle,
                    inFlight, byteBudget, rateLimiter), new DeploymentOptions().setInstances(config.eventLoops() - 1)));
        }
        startIngest();
        if (config.devMode()) {
            // Loud on purpose: whoever reaches this port can read any user's notifications.
            String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            log.warn("dev mode: anyone who can reach http://{}:{} gets a subscriber token for any user at /dev/token"
                    + " (the /?user=<id> page). Do not expose this hub; set HERALD_DEV_MODE=false, or configure"
                    + " HERALD_API_KEYS and HERALD_JWT_SECRET, before it serves real users.", host, port);
        }
    }

    /** After the routes: a source's publishes and the API's go through the same hub, started by now. */
    private void startIngest() {
        ingest = IngestSetup.sources(config.ingest(), config.nodeId(), vertx);
        for (IngestSource source : ingest) {
            metrics.ingest(source.stats());
            source.start(new IngestPublisher(hub, config.notificationTtl(), config.eventRetention(), lifecycle,
                    source.name()));
            log.info("ingest: consuming {}", source.name());
        }
    }

    public int port() {
        return port;
    }

    /** The HTTP routes the node serves (every event loop serves the same), as {@link HttpVerticle#routes()}. */
    public List<String> routes() {
        return firstLoop.routes();
    }

    public HeraldConfig config() {
        return config;
    }

    public Hub hub() {
        return hub;
    }

    /**
     * Graceful stop: refuse new streams and publishes, let accepted publishes finish (they are then
     * durable), end every stream, then close the hub, its store and bus. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Sources first: a batch being published finishes (or is left unacknowledged, to come again)
        // while the hub still takes writes.
        for (IngestSource source : ingest) {
            try {
                source.close();
            } catch (RuntimeException e) {
                log.warn("shutdown: ingest {} did not stop cleanly: {}", source.name(), e.toString());
            }
        }
        lifecycle.beginDrain();
        try {
            if (!inFlight.awaitIdle(config.shutdownGraceMs())) {
                log.warn("shutdown: publishes still in flight after {} ms", config.shutdownGraceMs());
            }
            // Replies go out just before their items are handed to the shards: wait for that hand-off
            // too, so the streams ended below still get every acknowledged item.
            if (!hub.awaitHandedOn(1000)) {
                log.warn("shutdown: acknowledged items not yet handed to the streams after 1000 ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AcceptsWhileClosing lateAccepts = AcceptsWhileClosing.install();
        try {
            vertx.close().await(config.shutdownGraceMs() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("shutdown: event loops did not stop cleanly: {}", e.toString());
        } finally {
            long late = lateAccepts.uninstall();
            if (late > 0) {
                log.info("shutdown: closed {} connection(s) that arrived while the event loops stopped", late);
            }
        }
        // Before the store closes: a send in flight is abandoned, and its lease brings it back.
        if (pushDelivery != null) {
            pushDelivery.close();
        }
        if (pushSender != null) {
            pushSender.close();
        }
        hub.close();
        if (jwt != null) {
            jwt.close();
        }
        if (redis != null) {
            redis.close();
        }
        rateLimiter.close();
        metrics.close();
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && !(e instanceof RuntimeException) ? e.getCause() : e;
            throw new IllegalStateException("cannot start: " + cause.getMessage(), cause);
        }
    }
}
