package dev.herald.core.ingest;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One source's counters and state. Sources count through {@link IngestBatches}; the lag (messages
 * waiting in the source, as far as it can tell) comes from a supplier the source sets, since only it
 * knows how to ask its broker.
 */
public final class IngestStats {
    /**
     * The last error's code when the source's own broker or database failed (the sink's refusals carry
     * the hub's codes, like {@code store_unavailable}). Never an HTTP reply, so not in the HTTP catalogue.
     */
    public static final String SOURCE_UNAVAILABLE = "source_unavailable";

    /** The last failure seen: a refusal of the sink, a broker error or a dead-lettered message. */
    public record LastError(String code, String message, long atMillis) {
    }

    private final String source;
    private final LongAdder processed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicReference<LastError> lastError = new AtomicReference<>();
    private volatile LongSupplier lag = () -> -1;
    /** The sample the rate is measured from: {millis, processed}, renewed when older than the window. */
    private final AtomicReference<long[]> rateFrom = new AtomicReference<>(new long[] {System.currentTimeMillis(), 0});
    static final long RATE_WINDOW_MS = 10_000;

    public IngestStats(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Messages settled: published (or repeats of earlier publishes) and dead-lettered. */
    public long processed() {
        return processed.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Times a batch was offered again after the sink or the source failed. */
    public long retries() {
        return retries.sum();
    }

    public LastError lastError() {
        return lastError.get();
    }

    /** Messages waiting in the source, or -1 when it cannot tell (yet). Never throws. */
    public long lag() {
        try {
            return lag.getAsLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Messages settled per second over the last 10 to 20 seconds (0 before any). */
    public double processedPerSecond() {
        long now = System.currentTimeMillis();
        long count = processed();
        long[] from = rateFrom.get();
        double rate = now > from[0] ? (count - from[1]) * 1000.0 / (now - from[0]) : 0;
        if (now - from[0] >= 2 * RATE_WINDOW_MS) {
            // Keep the window between one and two lengths: the next reads measure from a recent sample.
            rateFrom.compareAndSet(from, new long[] {now - RATE_WINDOW_MS, count - (long) (rate * RATE_WINDOW_MS / 1000)});
        }
        return rate;
    }

    public void lagFrom(LongSupplier supplier) {
        this.lag = supplier;
    }

    public void countProcessed(long n) {
        processed.add(n);
    }

    public void countDeadLettered(String code, String message) {
        deadLettered.increment();
        error(code, message);
    }

    public void countRetry(String code, String message) {
        retries.increment();
        error(code, message);
    }

    public void error(String code, String message) {
        lastError.set(new LastError(code, message, System.currentTimeMillis()));
    }
}
