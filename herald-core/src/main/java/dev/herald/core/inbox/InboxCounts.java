package dev.herald.core.inbox;

import java.util.Map;
import java.util.TreeMap;

/**
 * A user's counts, all from one consistent view of the inbox: everything, and per category
 * (notifications without a category are in the totals only). Archived notifications are in none.
 *
 * @param all        the whole inbox
 * @param categories per category, by name
 */
public record InboxCounts(Counts all, Map<String, Counts> categories) {
    public InboxCounts {
        categories = Map.copyOf(categories);
    }

    /** @param unread unread ones; @param unseen unseen ones (a subset of unread); @param total all of them */
    public record Counts(int unread, int unseen, int total) {
        public static final Counts NONE = new Counts(0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(unread + o.unread, unseen + o.unseen, total + o.total);
        }
    }

    /** Builds counts from per-category rows; a null category adds to the totals only. */
    public static InboxCounts of(Map<String, Counts> byCategory, Counts uncategorized) {
        Counts all = uncategorized;
        Map<String, Counts> sorted = new TreeMap<>();
        for (Map.Entry<String, Counts> e : byCategory.entrySet()) {
            all = all.plus(e.getValue());
            sorted.put(e.getKey(), e.getValue());
        }
        return new InboxCounts(all, sorted);
    }
}
