package dev.herald.core.limit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RateLimiter} promises (see its contract). An implementation's test extends this
 * and says how to make one; bucket names are fresh per test, so a shared backend needs no cleanup.
 */
public abstract class RateLimiterContract {
    private final List<RateLimiter> made = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A new limiter on the implementation's backend. */
    protected abstract RateLimiter create();

    protected RateLimiter limiter() {
        RateLimiter l = create();
        made.add(l);
        return l;
    }

    private String bucket(String name) {
        return run + ":" + name;
    }

    private static RateDecision take(RateLimiter limiter, String bucket, Rate rate, int permits) {
        return limiter.acquire(bucket, rate, permits).join();
    }

    @AfterEach
    void closeAll() {
        made.forEach(RateLimiter::close);
    }

    @Test
    void aFreshBucketAllowsItsBurstThenRefusesSayingWhenToComeBack() {
        RateLimiter limiter = limiter();
        // One permit a minute: at 10/s, a loaded machine took over 100 ms for the six calls and the
        // sixth found a permit refilled (a flaky failure in .ci/repeat).
        Rate rate = new Rate(1, Duration.ofMinutes(1), 5);
        for (int i = 0; i < 5; i++) {
            RateDecision d = take(limiter, bucket("burst"), rate, 1);
            assertThat(d.allowed()).as("call %d", i).isTrue();
            assertThat(d.limit()).isEqualTo(5);
            assertThat(d.remaining()).isEqualTo(4L - i);
        }
        RateDecision refused = take(limiter, bucket("burst"), rate, 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        // One permit refills in a minute (less by the time the calls took).
        assertThat(refused.retryAfterMillis()).isBetween(50_000L, 60_000L);
        assertThat(refused.retryAfterSeconds()).isBetween(50, 60);
    }

    @Test
    void aRefusedCallTakesNothing() {
        RateLimiter limiter = limiter();
        Rate rate = new Rate(1, Duration.ofHours(1), 5);
        assertThat(take(limiter, bucket("all"), rate, 3).allowed()).isTrue();
        assertThat(take(limiter, bucket("all"), rate, 3).allowed()).isFalse();
        assertThat(take(limiter, bucket("all"), rate, 2).allowed()).as("the refused 3 left 2").isTrue();
        assertThat(take(limiter, bucket("all"), rate, 1).allowed()).isFalse();
    }

    @Test
    void anEmptyBucketRefillsAtItsRate() throws InterruptedException {
        RateLimiter limiter = limiter();
        Rate rate = new Rate(20, Duration.ofSeconds(1), 2);
        take(limiter, bucket("refill"), rate, 2);
        RateDecision refused = take(limiter, bucket("refill"), rate, 1);
        assertThat(refused.allowed()).isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RateDecision later;
        do {
            // wait as long as the bucket itself says, then ask again
            Thread.sleep(Math.max(1, refused.retryAfterMillis()));
            later = take(limiter, bucket("refill"), rate, 1);
        } while (!later.allowed() && System.nanoTime() < deadline);
        assertThat(later.allowed()).isTrue();
    }

    @Test
    void bucketsAreIndependent() {
        RateLimiter limiter = limiter();
        Rate rate = new Rate(1, Duration.ofHours(1), 1);
        assertThat(take(limiter, bucket("one"), rate, 1).allowed()).isTrue();
        assertThat(take(limiter, bucket("one"), rate, 1).allowed()).isFalse();
        assertThat(take(limiter, bucket("two"), rate, 1).allowed()).isTrue();
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBucketHolds() throws Exception {
        RateLimiter limiter = limiter();
        Rate rate = new Rate(1, Duration.ofHours(1), 100);
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (take(limiter, bucket("race"), rate, 1).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // At 1/h the refill in this test's few seconds is far below one permit.
        assertThat(allowed.get()).isEqualTo(100);
    }

    @Test
    void moreThanTheBurstCanNeverPassAndIsAnError() {
        RateLimiter limiter = limiter();
        Rate rate = new Rate(10, Duration.ofSeconds(1), 5);
        assertThatThrownBy(() -> limiter.acquire(bucket("big"), rate, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.acquire(bucket("big"), rate, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTwiceIsFine() {
        RateLimiter limiter = create();
        limiter.close();
        limiter.close();
    }
}
