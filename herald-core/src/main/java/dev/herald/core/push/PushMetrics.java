package dev.herald.core.push;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** This node's Web Push figures since start; the queue depth is the store's, shared by all nodes. */
public final class PushMetrics {
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder gone = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder latencyMillisTotal = new LongAdder();
    private final AtomicLong latencyMillisMax = new AtomicLong();
    private final AtomicLong queueDepth = new AtomicLong();

    void recordSent(long latencyMillis) {
        sent.increment();
        latencyMillisTotal.add(latencyMillis);
        latencyMillisMax.accumulateAndGet(latencyMillis, Math::max);
    }

    void recordFailed() {
        failed.increment();
    }

    void recordGone() {
        gone.increment();
    }

    void recordRetried() {
        retried.increment();
    }

    void recordQueueDepth(long depth) {
        queueDepth.set(depth);
    }

    /** Pushes the push service accepted (2xx). */
    public long sent() {
        return sent.sum();
    }

    /** Pushes given up: rejected by the push service, or out of attempts. */
    public long failed() {
        return failed.sum();
    }

    /** Subscriptions deleted because the push service answered 404 or 410. */
    public long gone() {
        return gone.sum();
    }

    /** Sends that will be tried again (429, 5xx, network errors). */
    public long retried() {
        return retried.sum();
    }

    /** Sum of the time from decision to acceptance over sent pushes, in milliseconds. */
    public long latencyMillisTotal() {
        return latencyMillisTotal.sum();
    }

    public long latencyMillisMax() {
        return latencyMillisMax.get();
    }

    /** Pending pushes in the store as last read. */
    public long queueDepth() {
        return queueDepth.get();
    }
}
