package dev.herald.core.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter create() {
        return new LocalRateLimiter();
    }

    @Test
    void refillIsExactOnItsClock() {
        AtomicLong now = new AtomicLong(1_000);
        LocalRateLimiter limiter = new LocalRateLimiter(now::get);
        Rate rate = new Rate(2000, Duration.ofSeconds(1), 2000);
        assertThat(limiter.decide("k", rate, 2000).allowed()).isTrue();
        RateDecision empty = limiter.decide("k", rate, 100);
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.retryAfterMillis()).isEqualTo(50);
        now.addAndGet(50);
        RateDecision refilled = limiter.decide("k", rate, 100);
        assertThat(refilled.allowed()).isTrue();
        assertThat(refilled.remaining()).isZero();
        assertThat(refilled.resetMillis()).isEqualTo(1000);
        now.addAndGet(10_000);
        assertThat(limiter.decide("k", rate, 1).remaining()).as("never beyond the burst").isEqualTo(1999);
    }

    @Test
    void idleBucketsAreForgottenSoMemoryStaysBounded() {
        AtomicLong now = new AtomicLong(0);
        LocalRateLimiter limiter = new LocalRateLimiter(now::get);
        Rate rate = new Rate(20, Duration.ofSeconds(1), 20);
        for (int i = 0; i < LocalRateLimiter.SWEEP_EVERY - 1; i++) {
            limiter.decide("user-" + i, rate, 1);
        }
        assertThat(limiter.size()).isEqualTo(LocalRateLimiter.SWEEP_EVERY - 1);
        now.addAndGet(1_000); // every bucket has refilled: they are all as good as new
        limiter.decide("one-more", rate, 1);
        assertThat(limiter.size()).isLessThanOrEqualTo(1);
    }

    @Test
    void rateTextIsReadAndWrittenTheSameWay() {
        assertThat(Rate.parse("2000/s")).isEqualTo(new Rate(2000, Duration.ofSeconds(1), 2000));
        assertThat(Rate.parse("20/s,burst=40")).isEqualTo(new Rate(20, Duration.ofSeconds(1), 40));
        assertThat(Rate.parse(" 600/M ")).isEqualTo(new Rate(600, Duration.ofMinutes(1), 600));
        assertThat(Rate.parse("off")).isNull();
        assertThat(Rate.parse("20/s,burst=40").toString()).isEqualTo("20/s,burst=40");
        for (String bad : new String[]{"", "2000", "0/s", "2000/d", "-1/s", "20/s,burst=0", "20/s burst 4"}) {
            assertThatThrownBy(() -> Rate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
