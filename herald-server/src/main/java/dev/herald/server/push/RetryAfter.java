package dev.herald.server.push;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP date. */
final class RetryAfter {
    private RetryAfter() {
    }

    /** Milliseconds to wait from now, or -1 when the header is absent or unreadable. A date in the past is 0. */
    static long millis(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Math.multiplyExact(Long.parseLong(v), 1000L);
            } catch (ArithmeticException | NumberFormatException e) {
                return -1;
            }
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
