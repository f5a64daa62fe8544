package dev.herald.core.hub;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The hub's counters, cheap enough for the fan-out path (striped adders, added once per batch).
 * The transport exports them; the core knows no metrics library.
 */
public final class HubMetrics {
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder slowDropped = new LongAdder();
    final LongAdder replayOverflows = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    private volatile LongConsumer publishToWrite = nanos -> { };
    private volatile java.util.function.DoubleUnaryOperator publishToWritePercentile = q -> Double.NaN;

    /** Items appended to the log by this node (duplicates excluded). */
    public long published() {
        return published.sum();
    }

    /** Frames of items written to streams on this node, replay included. */
    public long delivered() {
        return delivered.sum();
    }

    /** Streams cut off because they could not keep up. */
    public long slowDropped() {
        return slowDropped.sum();
    }

    public long replayOverflows() {
        return replayOverflows.sum();
    }

    /** Items written by replay after a reconnect. */
    public long replayed() {
        return replayed.sum();
    }

    /** Events a stream skipped because a later one of the same collapse key superseded them. */
    public long coalesced() {
        return coalesced.sum();
    }

    /** Streams told their position was unknown or expired. */
    public long resets() {
        return resets.sum();
    }

    /** Receives publish-accepted-to-written latencies in nanoseconds, once per item per shard. */
    public void onPublishToWrite(LongConsumer recorder) {
        this.publishToWrite = recorder;
    }

    /** Where {@link #publishToWriteMillis} reads its percentiles (the transport's latency histogram). */
    public void publishToWritePercentiles(java.util.function.DoubleUnaryOperator percentileMillis) {
        this.publishToWritePercentile = percentileMillis;
    }

    /** The {@code q}-quantile of publish-to-write latency in ms, recent; NaN when none is known. */
    public double publishToWriteMillis(double q) {
        return publishToWritePercentile.applyAsDouble(q);
    }

    void recordPublishToWrite(long nanos) {
        publishToWrite.accept(nanos);
    }
}
