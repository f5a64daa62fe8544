package dev.herald.core.inbox;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * One bulk change of a user's inbox: an action applied either to listed notifications or to every
 * notification of the inbox that passes a filter, atomically, with one sync item.
 *
 * @param action what to do to each notification
 * @param seqs   the listed notifications (up to {@link #MAX_IDS}; repeats are dropped), or null for "all"
 * @param filter for "all": which notifications; null when {@code seqs} is given
 */
public record InboxBulk(Action action, List<Long> seqs, Filter filter) {
    public static final int MAX_IDS = 100;

    public InboxBulk {
        if (action == null) {
            throw new IllegalArgumentException("action is required");
        }
        if ((seqs == null) == (filter == null)) {
            throw new IllegalArgumentException("give either seqs or a filter");
        }
        if (seqs != null) {
            if (seqs.size() > MAX_IDS) {
                throw new IllegalArgumentException("at most " + MAX_IDS + " ids");
            }
            // A repeated id counts once, wherever it is applied.
            seqs = List.copyOf(new LinkedHashSet<>(seqs));
        }
    }

    public static InboxBulk ids(Action action, List<Long> seqs) {
        return new InboxBulk(action, seqs, null);
    }

    public static InboxBulk all(Action action, Filter filter) {
        return new InboxBulk(action, null, filter);
    }

    public boolean all() {
        return seqs == null;
    }

    /**
     * Read on every unarchived notification of every category: the same as read all for what is not
     * archived, so stores may move the user's read-through mark instead of marking each one (a
     * notification read by an earlier read all then takes the new read time, as with read all).
     */
    public boolean isReadOfEverythingUnarchived() {
        return all() && action == Action.READ && filter.category() == null && !Boolean.TRUE.equals(filter.read())
                && !filter.archivedFor(Action.READ);
    }

    /** The bulk actions, by the names the route takes. */
    public enum Action {
        SEEN("seen"), READ("read"), UNREAD("unread"), ARCHIVE("archive"), UNARCHIVE("unarchive"), DELETE("delete");

        private final String wireName;

        Action(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The action of this name, or null. */
        public static Action of(String name) {
            for (Action a : values()) {
                if (a.wireName.equals(name)) {
                    return a;
                }
            }
            return null;
        }

        /**
         * Whether applying it to a notification in this (effective) state changes that state: what
         * the reply's {@code changed} counts. Delete always changes what is still in the inbox.
         */
        public boolean changes(long readAtMillis, long seenAtMillis, long archivedAtMillis) {
            return switch (this) {
                case SEEN -> seenAtMillis == 0;
                case READ -> readAtMillis == 0;
                case UNREAD -> readAtMillis != 0;
                case ARCHIVE -> archivedAtMillis == 0;
                case UNARCHIVE -> archivedAtMillis != 0;
                case DELETE -> true;
            };
        }
    }

    /**
     * Which notifications "all" covers; every field optional (null = any).
     *
     * @param category only this category
     * @param read     only read (true) or only unread (false) ones
     * @param archived only archived (true) or only unarchived (false) ones; when null, unarchived
     *                 ones, except for unarchive, which takes archived ones
     */
    public record Filter(String category, Boolean read, Boolean archived) {
        public static final Filter NONE = new Filter(null, null, null);

        /** Whether "all" covers archived (true) or unarchived (false) notifications for this action. */
        public boolean archivedFor(Action action) {
            return archived != null ? archived : action == Action.UNARCHIVE;
        }

        /** Whether a notification of this category, in this effective state, passes the filter. */
        public boolean matches(Action action, String itemCategory, long readAtMillis, long archivedAtMillis) {
            return (archivedAtMillis != 0) == archivedFor(action)
                    && (category == null || category.equals(itemCategory))
                    && (read == null || read == (readAtMillis != 0));
        }
    }
}
