package dev.herald.server.push;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @Test
    void secondsAndHttpDatesBecomeMillisecondsFromNow() {
        assertThat(RetryAfter.millis("0", NOW)).isZero();
        assertThat(RetryAfter.millis(" 120 ", NOW)).isEqualTo(120_000);
        String inNinetySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(NOW + 90_000).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.millis(inNinetySeconds, NOW)).isEqualTo(90_000);
        assertThat(RetryAfter.millis("Thu, 03 Dec 2026 11:00:00 GMT", NOW)).as("a past date means now").isZero();
    }

    @Test
    void absentOrUnreadableIsMinusOne() {
        assertThat(RetryAfter.millis(null, NOW)).isEqualTo(-1);
        assertThat(RetryAfter.millis("", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.millis("soon", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.millis("-5", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.millis("99999999999999999999", NOW)).isEqualTo(-1);
    }
}
