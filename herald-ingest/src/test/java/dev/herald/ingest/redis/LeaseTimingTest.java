package dev.herald.ingest.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lease's derived timings: the default keeps what docs/ingest.md promises, and they scale together. */
class LeaseTimingTest {
    @Test
    void theDefaultRenewsEverySecondHoldsFourAndAHalfAndJoinsAfterFive() {
        LeaseTiming t = new LeaseTiming(LeaseTiming.DEFAULT_TTL_MS);
        assertThat(t.ttlMs()).isEqualTo(6_000);
        assertThat(t.renewEveryMs()).isEqualTo(1_000);
        assertThat(t.validForMs()).isEqualTo(4_500);
        assertThat(t.joinDelayMs()).isEqualTo(5_000);
    }

    @Test
    void aShorterLeaseScalesEveryTimingAndOneUnderASecondIsRefused() {
        LeaseTiming t = new LeaseTiming(3_000);
        assertThat(t.renewEveryMs()).isEqualTo(500);
        assertThat(t.validForMs()).isEqualTo(2_250);
        assertThat(t.joinDelayMs()).isEqualTo(2_500);
        assertThatThrownBy(() -> new LeaseTiming(999)).isInstanceOf(IllegalArgumentException.class);
    }
}
