package dev.herald.core.limit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Token buckets in this process. Memory stays bounded by the buckets in use: a bucket idle long
 * enough to be full again is the same as no bucket, so it is dropped (checked every
 * {@value #SWEEP_EVERY} calls).
 */
public final class LocalRateLimiter implements RateLimiter {
    static final int SWEEP_EVERY = 4096;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;
    private final AtomicInteger calls = new AtomicInteger();

    public LocalRateLimiter() {
        this(() -> System.nanoTime() / 1_000_000);
    }

    /** With a clock of its own (milliseconds, monotonic), e.g. for tests. */
    public LocalRateLimiter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public CompletableFuture<RateDecision> acquire(String bucket, Rate rate, int permits) {
        return CompletableFuture.completedFuture(decide(bucket, rate, permits));
    }

    /** The same decision, at once (the local limiter never waits for anything). */
    public RateDecision decide(String bucket, Rate rate, int permits) {
        if (permits < 1 || permits > rate.burst()) {
            throw new IllegalArgumentException("permits must be 1.." + rate.burst());
        }
        long now = clockMillis.getAsLong();
        if ((calls.incrementAndGet() & (SWEEP_EVERY - 1)) == 0) {
            sweep(now);
        }
        Bucket b = buckets.computeIfAbsent(bucket, k -> new Bucket(rate, now));
        return b.take(rate, permits, now);
    }

    /** Buckets kept right now (for tests of the bound). */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        buckets.values().removeIf(b -> b.fullBy(now));
    }

    @Override
    public void close() {
        buckets.clear();
    }

    private static final class Bucket {
        private double tokens;
        private long at;
        private double perMilli;
        private long burst;

        Bucket(Rate rate, long now) {
            this.tokens = rate.burst();
            this.at = now;
            this.perMilli = rate.perMillisecond();
            this.burst = rate.burst();
        }

        synchronized RateDecision take(Rate rate, int permits, long now) {
            perMilli = rate.perMillisecond();
            burst = rate.burst();
            tokens = Math.min(burst, tokens + Math.max(0, now - at) * perMilli);
            at = now;
            boolean allowed = permits <= tokens;
            if (allowed) {
                tokens -= permits;
            }
            long retry = allowed ? 0 : (long) Math.ceil((permits - tokens) / perMilli);
            return new RateDecision(allowed, burst, (long) Math.floor(tokens),
                    (long) Math.ceil((burst - tokens) / perMilli), retry);
        }

        synchronized boolean fullBy(long now) {
            return tokens + Math.max(0, now - at) * perMilli >= burst;
        }
    }
}
