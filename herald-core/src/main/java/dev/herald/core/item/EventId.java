package dev.herald.core.item;

/**
 * The wire id of an item: {@code <epoch>-<seq>}. The epoch names the database the sequence belongs
 * to, so an id from another database or a wiped store is recognised (and answered with a reset)
 * instead of being misread as a position in this one.
 */
public record EventId(String epoch, long seq) {

    public EventId {
        if (!isValidEpoch(epoch)) {
            throw new IllegalArgumentException("epoch must be 1..32 chars of [a-z0-9]");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0");
        }
    }

    /** A fresh epoch for a new database: 10 random base-36 characters. */
    public static String newEpoch() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(Character.forDigit(random.nextInt(36), 36));
        }
        return sb.toString();
    }

    public static String format(String epoch, long seq) {
        return epoch + '-' + seq;
    }

    /**
     * Parses a client-supplied id; returns null for anything that is not exactly one of ours. Ours
     * never have a leading zero in the sequence, so {@code e-007} is refused rather than read as
     * {@code e-7}: one position has one spelling, and an id formats back to the text it came from.
     */
    public static EventId parse(String text) {
        if (text == null || text.length() > 60) {
            return null;
        }
        int dash = text.lastIndexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return null;
        }
        String epoch = text.substring(0, dash);
        String digits = text.substring(dash + 1);
        if (!isValidEpoch(epoch) || digits.length() > 18 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return new EventId(epoch, Long.parseLong(digits));
    }

    public static boolean isValidEpoch(String epoch) {
        if (epoch == null || epoch.isEmpty() || epoch.length() > 32) {
            return false;
        }
        for (int i = 0; i < epoch.length(); i++) {
            char c = epoch.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return format(epoch, seq);
    }
}
