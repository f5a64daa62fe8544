package dev.herald.core.hub;

import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.sse.Frame;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream. Confined to its {@link Shard}'s thread. It starts out REPLAYING, when live items
 * are queued rather than written, and turns LIVE once its replay (if any) and that queue are written
 * out; {@code lastSeq} makes sure nothing is written twice across that seam. The queue is bounded in
 * items and in bytes, and a replaying stream whose client stops reading is cut like a live one, so
 * what a stream holds in memory stays bounded in either state.
 *
 * <p>Events with a collapse key ({@link Item#collapseKey()}) are coalesced: while the stream is behind
 * (replaying, or BEHIND: live but its sink not drained) its queue keeps only the latest per key, and a
 * live stream gets at most {@link Item#maxRatePerSecond()} of a key per second, latest wins, the last
 * one always arrives ({@link RateCaps}). A live stream whose sink fills on a collapsible event waits
 * for the drain (BEHIND) instead of being cut. Items without a key take none of these paths.
 */
public final class Subscription {
    enum State { REPLAYING, LIVE, BEHIND, CLOSED }

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Shard shard;
    private final String connectionId;
    private final String userId;
    private final Set<String> events;
    private final Sink sink;
    private final int queueLimit;
    private final long queueBytesLimit;
    private final CoalescingQueue queue = new CoalescingQueue();
    /** Rate-capped events waiting for their key's next slot; null until the first one. */
    private RateCaps rateCaps;
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
    /** When the stream's credential runs out (epoch millis); {@link Shard#expire} ends it then. */
    private long expiresAtMillis = Long.MAX_VALUE;

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

    /**
     * Ends this stream with {@link CloseReason#TOKEN_EXPIRED} at the first {@link Shard#expire} tick
     * at or after {@code epochMillis}. Must run on the shard's thread.
     */
    public void expireAt(long epochMillis) {
        this.expiresAtMillis = epochMillis;
    }

    boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
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
        rateCaps = null;
        shard.unregister(this, reason);
        if (reason != CloseReason.CLIENT_GONE) {
            sink.close(reason);
        }
    }

    /** A live item from the shard, written without a flush: the shard flushes after its batch. */
    void offer(Item item) {
        switch (state) {
            case LIVE -> {
                if (item.collapseKey() != null || rateCaps != null) {
                    offerCoalescing(item);
                } else if (!send(item, true)) {
                    close(CloseReason.SLOW_CONSUMER);
                }
            }
            case REPLAYING -> enqueue(item, CloseReason.REPLAY_OVERFLOW);
            case BEHIND -> enqueue(item, CloseReason.SLOW_CONSUMER);
            case CLOSED -> {
            }
        }
    }

    private void enqueue(Item item, CloseReason overflow) {
        if (item.collapseKey() != null && !wants(item)) {
            // Not for this stream (its event filter): it must not supersede a queued one it wants.
            return;
        }
        // The item that reaches the byte bound is the last one queued (so one large item always
        // fits); the next closes the stream, which resumes from its Last-Event-ID. A collapsible
        // item that replaces a queued one of its key never grows the queue.
        if (item.collapseKey() == null || !queue.holdsKey(item.collapseKey())) {
            if (queue.size() >= queueLimit || queue.bytes() >= queueBytesLimit) {
                close(overflow);
                return;
            }
        }
        queue.add(item, this::countCoalesced);
    }

    private void countCoalesced(Item dropped) {
        shard.countCoalesced();
    }

    /**
     * The live path once collapse keys are involved. Rate-capped events still waiting go out first
     * whenever something else is written, so the stream's order (and its Last-Event-ID) never goes
     * back; a collapsible event meeting a full sink makes the stream wait for the drain with its
     * queue coalescing, where an item without a key would have cut it.
     */
    private void offerCoalescing(Item item) {
        long now = System.nanoTime();
        if (item.maxRatePerSecond() > 0 && !wantsLater(item)) {
            return;
        }
        if (item.maxRatePerSecond() > 0 && rateCaps != null && rateCaps.holdIfEarly(item, now, this::countCoalesced)) {
            scheduleRelease();
            return;
        }
        if (item.maxRatePerSecond() > 0 && rateCaps == null) {
            rateCaps = new RateCaps();
        }
        if (!releaseHeld()) {
            if (state == State.BEHIND) {
                // A held event filled the sink: this one waits behind it, in order.
                enqueue(item, CloseReason.SLOW_CONSUMER);
            }
            return;
        }
        if (item.collapseKey() != null && !sink.writable()) {
            enqueue(item, CloseReason.SLOW_CONSUMER);
            fallBehind();
            return;
        }
        liveWrite(item, now);
    }

    /** Only what this stream would deliver takes a rate slot (another user's filter must not eat it). */
    private boolean wantsLater(Item item) {
        return item.seq() > lastSeq && wants(item);
    }

    /** Writes one item live; a full sink after a collapsible item means BEHIND, after any other a cut. */
    private void liveWrite(Item item, long now) {
        if (item.maxRatePerSecond() > 0 && item.seq() > lastSeq) {
            rateCaps.sent(item, now);
        }
        if (!send(item, true)) {
            if (item.collapseKey() != null) {
                fallBehind();
            } else {
                close(CloseReason.SLOW_CONSUMER);
            }
        }
    }

    /** Writes the held rate-capped events, oldest first. False if the stream closed or fell behind. */
    private boolean releaseHeld() {
        if (rateCaps == null || !rateCaps.holding()) {
            return state == State.LIVE;
        }
        long now = System.nanoTime();
        for (Item held : rateCaps.takeHeld()) {
            if (state == State.LIVE) {
                liveWrite(held, now);
            } else if (state == State.BEHIND) {
                enqueue(held, CloseReason.SLOW_CONSUMER);
            }
        }
        return state == State.LIVE;
    }

    private void scheduleRelease() {
        long delay = rateCaps.claimRelease(System.nanoTime());
        if (delay >= 0) {
            shard.schedule(this::onRelease, delay);
        }
    }

    private void onRelease() {
        if (state == State.CLOSED || rateCaps == null) {
            return;
        }
        rateCaps.released();
        if (state == State.LIVE) {
            releaseHeld();
            if (state != State.CLOSED) {
                sink.flush();
            }
        }
        // Not live: nothing is held (releaseHeld ran before the stream fell behind), and what a
        // stream behind receives is queued and coalesced instead.
    }

    private void fallBehind() {
        if (state == State.LIVE) {
            state = State.BEHIND;
            awaitDrain(this::drainQueueThenGoLive);
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
        } else if (state != State.CLOSED && stalledTicks >= 0 && ++stalledTicks >= 2) {
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

    /** Whether this stream delivers the item (retraction, its filter and muting); Replay asks it too. */
    boolean wants(Item item) {
        if (item.kind() == ItemKind.RETRACTED) {
            // Read back by replay or gap filling after its publisher retracted it: gone for everyone.
            return false;
        }
        if (events != null && !events.contains(item.event())) {
            return false;
        }
        return !muted.mutes(item);
    }

    /**
     * Writes queued live items, pausing when the sink is full; then the stream is live. Rate-capped
     * events of a stream that was behind go out with the queue: it has been waiting anyway.
     */
    void drainQueueThenGoLive() {
        while (state == State.REPLAYING || state == State.BEHIND) {
            Item item = queue.poll();
            if (item == null) {
                if (rateCaps != null && rateCaps.holding()) {
                    for (Item held : rateCaps.takeHeld()) {
                        queue.add(held, this::countCoalesced);
                    }
                    continue;
                }
                state = State.LIVE;
                return;
            }
            if (item.maxRatePerSecond() > 0 && item.seq() > lastSeq) {
                if (rateCaps == null) {
                    rateCaps = new RateCaps();
                }
                rateCaps.sent(item, System.nanoTime());
            }
            if (!send(item)) {
                awaitDrain(this::drainQueueThenGoLive);
                return;
            }
        }
    }

    /**
     * Whether a replayed item can be skipped because a later one of its collapse key is already
     * queued (it arrived live during the replay and is delivered after it).
     */
    boolean supersededByQueued(Item item) {
        return item.collapseKey() != null && queue.holdsKey(item.collapseKey());
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
