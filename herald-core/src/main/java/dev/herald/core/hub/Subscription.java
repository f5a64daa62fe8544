package dev.herald.core.hub;

import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.sse.Frame;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream. Confined to its {@link Shard}'s thread. It starts out REPLAYING, when live items
 * are queued rather than written, and turns LIVE once its replay (if any) and that queue are written
 * out; {@code lastSeq} makes sure nothing is written twice across that seam. The queue is bounded in
 * items and in bytes, and a replaying stream whose client stops reading is cut like a live one, so
 * what a stream holds in memory stays bounded in either state.
 */
public final class Subscription {
    enum State { REPLAYING, LIVE, CLOSED }

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Shard shard;
    private final String connectionId;
    private final String userId;
    private final Set<String> events;
    private final Sink sink;
    private final int queueLimit;
    private final long queueBytesLimit;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** Frame bytes of the items in {@link #queue}. */
    private long queuedBytes;
    /**
     * Heartbeat ticks seen while this replaying stream waits for its client to drain; -1 while it
     * does not wait. The second tick means a whole heartbeat period passed without a drain.
     */
    private int stalledTicks = -1;
    private volatile Muted muted = Muted.NONE;
    private State state = State.REPLAYING;
    private long lastSeq;
    /** The shard batch in which this stream was last queued for a flush. */
    private long flushMark;
    /** Position in the shard's list of all subscriptions (swap-remove). */
    int index = -1;

    Subscription(Shard shard, StreamRequest request, Sink sink, int queueLimit, long queueBytesLimit) {
        this.shard = shard;
        this.connectionId = Long.toString(COUNTER.incrementAndGet(), 36) + '-'
                + Long.toString(System.nanoTime() & 0xffffffL, 36);
        this.userId = request.userId();
        this.events = request.events();
        this.sink = sink;
        this.queueLimit = queueLimit;
        this.queueBytesLimit = queueBytesLimit;
    }

    public String connectionId() {
        return connectionId;
    }

    public String userId() {
        return userId;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Notification types and categories not pushed live to this stream (they stay in the inbox). */
    public void mute(Muted muted) {
        this.muted = muted;
    }

    /** Ends the stream; safe to call twice. Must run on the shard's thread. */
    public void close(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        queue.clear();
        queuedBytes = 0;
        shard.unregister(this, reason);
        if (reason != CloseReason.CLIENT_GONE) {
            sink.close(reason);
        }
    }

    /** A live item from the shard, written without a flush: the shard flushes after its batch. */
    void offer(Item item) {
        switch (state) {
            case LIVE -> {
                if (!send(item, true)) {
                    close(CloseReason.SLOW_CONSUMER);
                }
            }
            case REPLAYING -> {
                // The item that reaches the byte bound is the last one queued (so one large item
                // always fits); the next closes the stream, which resumes from its Last-Event-ID.
                if (queue.size() >= queueLimit || queuedBytes >= queueBytesLimit) {
                    close(CloseReason.REPLAY_OVERFLOW);
                } else {
                    queue.add(item);
                    queuedBytes += item.frame().size();
                }
            }
            case CLOSED -> {
            }
        }
    }

    /**
     * Writes an item unless it was written before or this stream does not want it. Returns false
     * when the sink is now past its bound.
     */
    boolean send(Item item) {
        return send(item, false);
    }

    private boolean send(Item item, boolean buffered) {
        if (item.seq() <= lastSeq) {
            return true;
        }
        if (item.kind() == ItemKind.SYNC && item.event().equals(SyncItems.PREFERENCES)) {
            // The user changed what they mute (in this or another tab): applies from here on.
            muted = SyncItems.mutedOf(item);
        }
        if (!wants(item)) {
            return true;
        }
        lastSeq = item.seq();
        shard.countDelivery();
        if (!buffered) {
            return sink.write(item.frame());
        }
        if (flushMark != shard.batch()) {
            flushMark = shard.batch();
            shard.flushLater(this);
        }
        return sink.writeBuffered(item.frame());
    }

    boolean sendControl(Frame frame) {
        return sink.write(frame);
    }

    /**
     * A heartbeat tick. A live stream gets a heartbeat frame, and one that cannot take it is too
     * slow. A replaying stream gets no frame (it is writing items, or waiting for the store), but one
     * that has waited for its client to drain for a whole heartbeat period is too slow just the same:
     * it is cut, rather than left holding its page and its queue for as long as the client stalls.
     */
    void heartbeat(Frame frame) {
        if (state == State.LIVE) {
            if (!sink.write(frame)) {
                close(CloseReason.SLOW_CONSUMER);
            }
        } else if (state == State.REPLAYING && stalledTicks >= 0 && ++stalledTicks >= 2) {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    /**
     * Runs {@code resume} once the client has taken what was written: replay and the queue are
     * written only as fast as the client reads. {@link #heartbeat} cuts a stream that never does.
     */
    void awaitDrain(Runnable resume) {
        stalledTicks = 0;
        sink.whenWritable(() -> {
            stalledTicks = -1;
            resume.run();
        });
    }

    private boolean wants(Item item) {
        if (item.kind() == ItemKind.RETRACTED) {
            // Read back by replay or gap filling after its publisher retracted it: gone for everyone.
            return false;
        }
        if (events != null && !events.contains(item.event())) {
            return false;
        }
        return !muted.mutes(item);
    }

    /** Writes queued live items, pausing when the sink is full; then the stream is live. */
    void drainQueueThenGoLive() {
        while (state == State.REPLAYING) {
            Item item = queue.poll();
            if (item == null) {
                state = State.LIVE;
                return;
            }
            queuedBytes -= item.frame().size();
            if (!send(item)) {
                awaitDrain(this::drainQueueThenGoLive);
                return;
            }
        }
    }

    /** Sets the position without sending anything (an anchor, a reset, or a client ahead of us). */
    void position(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    long lastSeq() {
        return lastSeq;
    }

    Sink sink() {
        return sink;
    }

    Shard shard() {
        return shard;
    }
}
