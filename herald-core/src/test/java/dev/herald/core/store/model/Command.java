package dev.herald.core.store.model;

import dev.herald.core.inbox.InboxBulk;

import java.util.List;

/**
 * One step of a model run: something a hub does to its store. Commands name notifications and
 * positions abstractly ({@link Pick}, {@link Position}) and are resolved against the run's history
 * when they execute, so a shrunk list of commands still means something. Records, so a falsified
 * run prints as readable steps.
 */
public sealed interface Command {

    /** One {@code append} call with these items, created now. */
    record Publish(List<Draft> drafts) implements Command {
    }

    /**
     * Writes (publishes, inbox changes, read all, bulk changes, preferences, edits, retractions,
     * retention) queued on the store before the first is acknowledged, as under load: a durable
     * store's writer may then commit several in one transaction.
     */
    record Pipelined(List<Command> writes) implements Command {
    }

    /**
     * {@code count} copies of one item in one append: more than the durable stores handle in one
     * step elsewhere (a retention slice, a count snapshot's fold), so their many-step paths run.
     */
    record Flood(int count, Draft draft) implements Command {
    }

    /** The clock moves on. */
    record Tick(long millis) implements Command {
    }

    /** Retention as of now. */
    record Prune() implements Command {
    }

    /** A stream reconnecting with this Last-Event-ID: bounds check, then replay page by page to the head. */
    record Resume(String user, Position from, int pageSize, long pageBytes) implements Command {
    }

    /** Gap filling's read: every item after a position, with full targets. */
    record Range(Position from, int limit) implements Command {
    }

    /** A single inbox change of one notification. */
    record Change(String user, Op op, Pick pick) implements Command {
    }

    /** "Mark all read". */
    record ReadAll(String user) implements Command {
    }

    /**
     * A bulk change: of the picked notifications, or (picks null) of all that pass the filter.
     */
    record Bulk(String user, InboxBulk.Action action, List<Pick> picks, String category, Boolean read,
                Boolean archived) implements Command {
    }

    /** Muted types and categories and the push switch; null leaves one as it is. */
    record Preferences(String user, List<String> types, List<String> categories, Boolean push) implements Command {
    }

    /** Reading the whole inbox page by page with one query. */
    record Look(String user, int limit, boolean unreadOnly, boolean unseenOnly, boolean archived, String category,
                String tag) implements Command {
    }

    /** A publisher's edit of a notification: new title and category. */
    record Edit(Pick pick, int title, String category) implements Command {
    }

    /** A publisher's retraction. */
    record Retract(Pick pick) implements Command {
    }

    /**
     * The store under test stops and starts again on the same database (every node closes, one
     * opens): everything acknowledged must still be there. Nothing happens for a store that keeps
     * nothing.
     */
    record Restart() implements Command {
    }

    /**
     * Later commands go to node {@code index % 2}: another store on the same database (PostgreSQL,
     * shared by a cluster), opened the first time it is named. Nothing happens for a store that
     * cannot share its database.
     */
    record Node(int index) implements Command {
    }

    /** The single inbox changes. */
    enum Op { READ, SEEN, UNREAD, ARCHIVE, UNARCHIVE, DELETE, ACT, ACT_UNKNOWN }

    /**
     * A sequence number chosen when the command runs: the {@code index}-th newest (modulo) of the
     * notifications addressed to the command's user ({@link Scope#MINE}), of every notification
     * published ({@link Scope#NOTIFICATION}), or of every number up to one past the head
     * ({@link Scope#ANY}: events, sync items, other users' items, an unknown number).
     */
    record Pick(Scope scope, int index) {
    }

    enum Scope { MINE, NOTIFICATION, ANY }

    /** A resume position chosen when the command runs; {@code offset} varies it within its anchor. */
    record Position(Anchor anchor, int offset) {
    }

    enum Anchor {
        /** 0: the very start. */
        ZERO,
        /** The horizon: the lowest position still exact. */
        HORIZON,
        /** Below the horizon: lost to retention. */
        BELOW_HORIZON,
        /** The head: nothing to replay. */
        HEAD,
        /** Beyond the head: never issued. */
        PAST_HEAD,
        /** Anywhere from 0 to the head. */
        ANY,
        /** The number of an item addressed to someone else. */
        OTHER_USERS_ITEM
    }
}
