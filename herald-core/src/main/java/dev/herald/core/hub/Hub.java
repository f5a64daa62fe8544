package dev.herald.core.hub;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.bus.Bus;
import dev.herald.core.bus.BusListener;
import dev.herald.core.cluster.Cluster;
import dev.herald.core.cluster.ClusterView;
import dev.herald.core.cluster.LocalNode;
import dev.herald.core.cluster.NodeIds;
import dev.herald.core.cluster.NodeReport;
import dev.herald.core.cluster.SingleNode;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub core: publishing goes store first (durable, numbered), then bus; what comes off the bus is
 * put in sequence order and fanned out to every {@link Shard}. Knows no HTTP.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()} (idempotent), which also closes the
 * cluster view, the bus and the store it was given.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final HubConfig config;
    private final Store store;
    private final Bus bus;
    private final Cluster cluster;
    private final long startedAtMillis = System.currentTimeMillis();
    private final Presence presence = new Presence();
    private final HubMetrics metrics = new HubMetrics();
    private final JvmErrors jvmErrors = new JvmErrors();
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final InboxOps inboxOps;
    private volatile Sequencer sequencer;
    /** Publishes between their store append and their hand-off to the bus (see awaitHandedOn). */
    private final AtomicInteger handingOn = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A single node: its own figures are the whole picture. */
    public Hub(HubConfig config, Store store, Bus bus) {
        this(config, store, bus, new SingleNode(NodeIds.generate()));
    }

    public Hub(HubConfig config, Store store, Bus bus, Cluster cluster) {
        this.config = config;
        this.store = store;
        this.bus = bus;
        this.cluster = cluster;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-hub-timer");
            t.setDaemon(true);
            return t;
        });
        this.inboxOps = new InboxOps(this);
    }

    /** Reads where the log stands, starts the bus and retention. Blocks until ready. */
    public void start() {
        long head = store.bounds().join().head();
        sequencer = new Sequencer(head, store, timer, config.gapWaitMillis(), this::dispatch);
        bus.start(new BusListener() {
            @Override
            public void onItems(List<Item> items) {
                sequencer.accept(items);
            }

            @Override
            public void onResync() {
                sequencer.resync();
            }
        });
        timer.scheduleWithFixedDelay(this::prune, config.pruneIntervalMillis(), config.pruneIntervalMillis(),
                TimeUnit.MILLISECONDS);
        if (config.catchUpIntervalMillis() > 0) {
            // A bus may lose the last items before a quiet spell (their sender died between commit and
            // send, or its link to the others was down): no later item shows the hole, so look for
            // one at the log's head now and then. Cheap: one read of the head.
            timer.scheduleWithFixedDelay(() -> sequencer.resync(), config.catchUpIntervalMillis(),
                    config.catchUpIntervalMillis(), TimeUnit.MILLISECONDS);
        }
        cluster.start(new LocalNode() {
            @Override
            public NodeReport report() {
                return Hub.this.report();
            }

            @Override
            public Map<String, Integer> streamsByUser() {
                return presence.snapshot();
            }

            @Override
            public int streams(String userId) {
                return presence.connections(userId);
            }
        });
    }

    /**
     * Takes one of the user's cluster-wide stream slots before a stream is opened; fails with
     * {@link ErrorCode#TOO_MANY_CONNECTIONS} when they hold the maximum. Once this succeeds, the
     * stream opened with {@link Shard#open} owns the slot and gives it back when it ends.
     */
    public CompletableFuture<Void> admit(String userId) {
        int max = config.maxConnectionsPerUser();
        return cluster.tryAcquire(userId, max).thenApply(ok -> {
            if (!ok) {
                throw new HeraldException(ErrorCode.TOO_MANY_CONNECTIONS,
                        "this user already has " + max + " open streams");
            }
            return null;
        });
    }

    /**
     * {@link #admit(String)}, and for a fresh stream (no Last-Event-ID) also reads the log's head,
     * before the stream is opened and so before its client can see {@code connected}: the stream's
     * anchor is then no lower than that head. An item whose publish was answered before the client
     * asked for the stream is therefore never delivered on it, and one answered after the client saw
     * {@code connected} always is (its number is above both the head read here and everything the
     * node had delivered when the stream registered). A store that cannot be read refuses the stream
     * (and gives the slot back).
     */
    public CompletableFuture<StreamRequest> admit(StreamRequest request) {
        CompletableFuture<Void> slot = admit(request.userId());
        if (request.lastEventId() != null) {
            return slot.thenApply(v -> request);
        }
        return slot.thenCompose(v -> store.bounds().handle((bounds, err) -> {
            if (err != null) {
                cluster.release(request.userId());
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            return request.withAnchorFloor(bounds.head());
        }));
    }

    /** The user's open streams on every live node. */
    public CompletableFuture<Integer> connections(String userId) {
        return cluster.connections(userId);
    }

    /** The users with the most open streams (on every node in cluster mode). */
    public CompletableFuture<dev.herald.core.cluster.OnlineUsers> onlineUsers(int limit) {
        return cluster.onlineUsers(limit);
    }

    /** Every live node's figures, this one's first. */
    public CompletableFuture<ClusterView> clusterView() {
        return cluster.view();
    }

    /** This node's figures as of now. */
    public NodeReport report() {
        return new NodeReport(cluster.nodeId(), presence.connections(), presence.users(), metrics.published(),
                metrics.delivered(), metrics.replayed(), metrics.resets(), metrics.slowDropped(),
                metrics.replayOverflows(), (System.currentTimeMillis() - startedAtMillis) / 1000,
                metrics.publishToWriteMillis(0.5), metrics.publishToWriteMillis(0.99));
    }

    public String nodeId() {
        return cluster.nodeId();
    }

    public Cluster cluster() {
        return cluster;
    }

    /**
     * Appends items durably and then sends them live. The future completes once they are durable
     * (the moment a publish may be acknowledged); duplicates of earlier idempotent publishes are
     * returned as such and not sent again.
     */
    public CompletableFuture<List<Appended>> publish(List<NewItem> items) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HeraldException(ErrorCode.SHUTTING_DOWN, "the hub is shutting down"));
        }
        CompletableFuture<List<Appended>> acknowledged = new CompletableFuture<>();
        handingOn.incrementAndGet();
        store.append(items).whenComplete((appended, err) -> {
            try {
                handOn(appended, err, acknowledged);
            } finally {
                handingOn.decrementAndGet();
            }
        });
        return acknowledged;
    }

    private void handOn(List<Appended> appended, Throwable err, CompletableFuture<List<Appended>> acknowledged) {
        if (err != null) {
            acknowledged.completeExceptionally(err);
            return;
        }
        List<Item> fresh = new ArrayList<>(appended.size());
        for (Appended a : appended) {
            // A notification merged into a digest goes out as the digest's update, not as itself.
            fresh.addAll(a.live());
        }
        if (!fresh.isEmpty()) {
            metrics.published.add(fresh.size());
        }
        // Acknowledge first, then fan out: the caller's reply is queued on its event loop ahead of
        // the delivery tasks for the same items, so a publisher never waits for its own broadcast
        // to be written to every stream of that loop. The items are durable either way.
        acknowledged.complete(appended);
        if (!fresh.isEmpty()) {
            sendLive(fresh);
        }
    }

    /**
     * Waits until every publish under way has been appended and handed to the bus (or failed). A
     * publish is acknowledged just before it is handed on, so a graceful stop calls this after the
     * last reply and before it ends the streams: they still get every acknowledged item.
     */
    public boolean awaitHandedOn(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (handingOn.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Inbox reads and changes; changes reach the user's streams through the log like any item. */
    public InboxOps inbox() {
        return inboxOps;
    }

    /** Sends durable items on the bus; if that fails they are caught up from the store later. */
    void sendLive(List<Item> items) {
        try {
            bus.publish(items);
        } catch (RuntimeException e) {
            log.warn("bus publish failed; items will be caught up from the store: {}", e.toString());
        }
    }

    /** A shard for streams served on the given thread; all its calls must run on that executor. */
    public Shard newShard(Executor executor) {
        Sequencer seq = sequencer;
        if (seq == null) {
            throw new IllegalStateException("hub not started");
        }
        // Under the sequencer's lock no batch is being handed on, so the shard starts exactly at
        // the position after which it receives every item.
        synchronized (seq) {
            Shard shard = new Shard(this, executor, seq.delivered());
            shards.add(shard);
            return shard;
        }
    }

    /** Open streams per shard (event loop): shows how evenly connections spread. */
    public List<Integer> shardSizes() {
        return shards.stream().map(Shard::size).toList();
    }

    public void removeShard(Shard shard) {
        shards.remove(shard);
    }

    /** Runs on the sequencer's lock: hands an in-order batch to every shard's thread. */
    private void dispatch(List<Item> items) {
        for (Shard shard : shards) {
            shard.enqueue(items);
        }
    }

    private void prune() {
        store.prune(System.currentTimeMillis()).whenComplete((n, err) -> {
            if (err != null && store.unavailableReason() != null) {
                // The store refuses writes and has said so once; the next run tries again.
                log.debug("retention run refused: {}", err.toString());
            } else if (err != null) {
                log.warn("retention run failed: {}", err.toString());
            } else if (n > 0) {
                log.debug("retention removed {} items", n);
            }
        });
    }

    public HubConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public Bus bus() {
        return bus;
    }

    public Presence presence() {
        return presence;
    }

    public HubMetrics metrics() {
        return metrics;
    }

    /** JVM errors this node hit while serving (they make {@code /health} degraded until a restart). */
    /** The hub's timer thread: for delayed work that then hops to a shard's own thread. */
    ScheduledExecutorService timer() {
        return timer;
    }

    public JvmErrors jvmErrors() {
        return jvmErrors;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Stops fan-out and closes the cluster view, the bus and the store. Streams should be closed first. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Sequencer seq = sequencer;
        if (seq != null) {
            seq.close();
        }
        timer.shutdownNow();
        cluster.close();
        bus.close();
        store.close();
    }
}
