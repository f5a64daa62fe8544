package dev.herald.core.hub;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.sse.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams of one thread (one event loop), and fan-out to them. Everything here runs on that
 * thread, so the fan-out path takes no locks: items arrive as one task per batch, in sequence order,
 * and each item's pre-encoded frame is written to every addressed stream.
 */
public final class Shard {
    private final Hub hub;
    private final Executor executor;
    private final Map<String, List<Subscription>> byUser = new HashMap<>();
    private final SubscriptionList all = new SubscriptionList();
    /** Batches from the sequencer, waiting for this shard's thread. */
    private final ConcurrentLinkedQueue<List<Item>> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Streams written to without a flush in the current batch. */
    private final List<Subscription> toFlush = new ArrayList<>();
    private long batch;
    /** The last sequence number this shard handed to its streams. */
    private long delivered;
    private long deliveries;

    Shard(Hub hub, Executor executor, long delivered) {
        this.hub = hub;
        this.executor = executor;
        this.delivered = delivered;
    }

    /** The thread every method of this shard must be called on. */
    public Executor executor() {
        return executor;
    }

    /**
     * Admits a stream: takes a slot within the user's limit on this node (or throws
     * {@link ErrorCode#TOO_MANY_CONNECTIONS} before touching the sink), starts the sink, registers
     * the stream, then replays from its Last-Event-ID or pins its position. Call it with the request
     * {@link Hub#admit(StreamRequest)} returned (it took the user's cluster-wide slot and, for a fresh
     * stream, read the log's head): the stream owns that slot from here on, and gives it back when it
     * ends (or here, if it cannot open).
     */
    public Subscription open(StreamRequest request, Sink sink) {
        HubConfig config = hub.config();
        if (!hub.presence().tryAcquire(request.userId(), config.maxConnectionsPerUser())) {
            hub.cluster().release(request.userId());
            throw new HeraldException(ErrorCode.TOO_MANY_CONNECTIONS,
                    "this user already has " + config.maxConnectionsPerUser() + " open streams");
        }
        Subscription sub = new Subscription(this, request, sink, config.replayQueueLimit(), config.replayQueueBytes());
        try {
            sink.start(sub);
        } catch (RuntimeException e) {
            hub.presence().release(request.userId());
            hub.cluster().release(request.userId());
            throw e;
        }
        all.add(sub);
        byUser.computeIfAbsent(sub.userId(), k -> new ArrayList<>(2)).add(sub);
        Replay.begin(sub, hub.store(), executor, request, delivered, config, hub.metrics());
        return sub;
    }

    /**
     * A heartbeat tick for every stream of this shard: live streams get the frame (and are cut if
     * they cannot take it); replaying streams get none, but one whose client has not drained for a
     * whole period is cut as too slow (see {@link Subscription#heartbeat}).
     */
    public void heartbeat(Frame frame) {
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).heartbeat(frame);
        }
    }

    /**
     * Ends the streams whose credential ran out by {@code nowMillis} (see
     * {@link Subscription#expireAt}). One periodic sweep per shard instead of a timer per stream:
     * a timer costs about 150 bytes for the life of every idle stream, a sweep a comparison each.
     */
    public void expire(long nowMillis) {
        for (int i = all.size() - 1; i >= 0; i--) {
            Subscription sub = all.get(i);
            if (sub.expiredAt(nowMillis)) {
                sub.close(CloseReason.TOKEN_EXPIRED);
            }
        }
    }

    /** Ends every stream of this shard, e.g. at shutdown. */
    public void closeAll(CloseReason reason) {
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close(reason);
        }
    }

    /** Streams open on this shard; read from other threads for stats, so only approximately current. */
    public int size() {
        return all.size();
    }

    /**
     * Hands items to this shard's thread. Batches that arrive while the thread is still busy with
     * earlier ones are delivered together: each stream then gets one flush (one system call) for all
     * of them, so a burst costs fewer writes per item the harder it gets. Called in sequence order
     * (under the sequencer's lock), and the queue keeps that order.
     */
    void enqueue(List<Item> items) {
        inbox.add(items);
        if (drainScheduled.compareAndSet(false, true)) {
            executor.execute(this::drainInbox);
        }
    }

    private void drainInbox() {
        // Cleared before polling: a batch added after this point schedules another drain.
        drainScheduled.set(false);
        batch++;
        List<Item> items;
        while ((items = inbox.poll()) != null) {
            deliver(items);
        }
        for (int i = 0; i < toFlush.size(); i++) {
            Subscription sub = toFlush.get(i);
            if (!sub.isClosed()) {
                sub.sink().flush();
            }
        }
        toFlush.clear();
        flushCounters();
    }

    /** The current delivery batch (see {@link Subscription}'s flush mark). */
    long batch() {
        return batch;
    }

    /** A stream written to in this batch, to be flushed at its end. */
    void flushLater(Subscription sub) {
        toFlush.add(sub);
    }

    private void deliver(List<Item> items) {
        for (Item item : items) {
            delivered = item.seq();
            long before = deliveries;
            Target target = item.target();
            if (target.isBroadcast()) {
                for (int i = all.size() - 1; i >= 0; i--) {
                    all.get(i).offer(item);
                }
            } else if (target.userId() != null) {
                deliverTo(target.userId(), item);
            } else {
                for (String userId : target.userIds()) {
                    deliverTo(userId, item);
                }
            }
            if (deliveries > before && item.acceptedNanos() != 0) {
                hub.metrics().recordPublishToWrite(System.nanoTime() - item.acceptedNanos());
            }
        }
    }

    private void deliverTo(String userId, Item item) {
        List<Subscription> subs = byUser.get(userId);
        if (subs != null) {
            for (int i = subs.size() - 1; i >= 0; i--) {
                subs.get(i).offer(item);
            }
        }
    }

    /** Runs the task on this shard's thread after the delay (a stream's rate-capped events). */
    void schedule(Runnable task, long delayNanos) {
        try {
            hub.timer().schedule(() -> executor.execute(task), delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The hub is closing: its streams are being closed too.
        }
    }

    void countCoalesced() {
        hub.metrics().coalesced.increment();
    }

    /** Where JVM errors met while serving this shard's streams are reported. */
    JvmErrors jvmErrors() {
        return hub.jvmErrors();
    }

    void countDelivery() {
        deliveries++;
    }

    void flushCounters() {
        if (deliveries != 0) {
            hub.metrics().delivered.add(deliveries);
            deliveries = 0;
        }
    }

    void unregister(Subscription sub, CloseReason reason) {
        all.remove(sub);
        List<Subscription> subs = byUser.get(sub.userId());
        if (subs != null && subs.remove(sub) && subs.isEmpty()) {
            byUser.remove(sub.userId());
        }
        hub.presence().release(sub.userId());
        hub.cluster().release(sub.userId());
        if (reason == CloseReason.SLOW_CONSUMER) {
            hub.metrics().slowDropped.increment();
        } else if (reason == CloseReason.REPLAY_OVERFLOW) {
            hub.metrics().replayOverflows.increment();
        }
    }
}
