package dev.herald.core.limit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit as a token bucket: {@code permits} per {@code per}, with room for a burst of
 * {@code burst} permits (the bucket's size; a full bucket is what an idle client starts with).
 *
 * <p>Written {@code 2000/s} (a burst of one second's worth), {@code 600/m}, {@code 20/s,burst=40},
 * or {@code off} for no limit.
 *
 * @param permits how many permits refill per period, at least 1
 * @param per     the period (a second, minute or hour)
 * @param burst   the bucket's size, at least 1
 */
public record Rate(long permits, Duration per, long burst) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/([smh])(?:,burst=(\\d{1,9}))?");

    public Rate {
        if (permits < 1 || burst < 1 || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate needs at least 1 permit per period and a burst of at least 1");
        }
    }

    /**
     * Reads {@code <n>/<s|m|h>[,burst=<b>]}; returns null for {@code off}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Rate parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return null;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be like 2000/s, 600/m or 20/s,burst=40 (or off)");
        }
        long permits = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        long burst = m.group(3) == null ? permits : Long.parseLong(m.group(3));
        if (permits == 0 || burst == 0) {
            throw new IllegalArgumentException("must allow at least 1 per period and a burst of at least 1 (or be off)");
        }
        return new Rate(permits, per, burst);
    }

    /** Permits refilled per millisecond. */
    public double perMillisecond() {
        return (double) permits / per.toMillis();
    }

    /** The written form, as {@link #parse} reads it. */
    @Override
    public String toString() {
        String unit = per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m" : "h";
        return permits + "/" + unit + (burst == permits ? "" : ",burst=" + burst);
    }
}
