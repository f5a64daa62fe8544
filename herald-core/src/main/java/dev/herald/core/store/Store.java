package dev.herald.core.store;

import dev.herald.core.inbox.Inbox;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.push.PushQueue;
import dev.herald.core.push.PushSubscriptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable log of items, the truth every stream position refers to, and each user's
 * {@link Inbox} view of it, the browsers' {@link PushSubscriptions} and the {@link PushQueue}.
 *
 * <h2>Contract (every implementation passes the same contract suite)</h2>
 * <ul>
 *   <li><b>One dense sequence in commit order.</b> {@link #append} gives each new item the next
 *       sequence number; no number is skipped and no smaller number becomes visible after a larger
 *       one, across every writer (and every node sharing the database). "Everything after N" is
 *       therefore a correct question, and a hole in the numbers means a missed item.</li>
 *   <li><b>Acknowledged means durable.</b> The future from {@link #append} completes only once the
 *       items would survive a crash of this process; items of one call keep their order.</li>
 *   <li><b>Idempotent publishing.</b> An item whose idempotency key was appended before (within
 *       the retention of keys) is not written again; the original is returned as a duplicate.</li>
 *   <li><b>Never blocks the caller.</b> Every method returns at once; blocking I/O runs on the
 *       implementation's own threads. Futures may complete on any thread.</li>
 *   <li><b>Epoch.</b> {@link #epoch()} is fixed for the life of the database and differs between
 *       databases, so positions from elsewhere are recognised.</li>
 *   <li><b>Closing</b> is idempotent; afterwards every call fails with
 *       {@link dev.herald.core.ErrorCode#STORE_UNAVAILABLE}.</li>
 * </ul>
 */
public interface Store extends Inbox, PushSubscriptions, PushQueue, AutoCloseable {

    /** Names this database in every event id. */
    String epoch();

    /**
     * Why this store cannot take writes right now, and since when (for example
     * {@code "SQLITE_FULL (Insertion failed because database is full) since 2026-12-03T04:10:00Z"}),
     * or null while it can. Set when writes start failing for a reason outside any one write (a full
     * disk, an unreachable database) and cleared by the store itself once a write succeeds again: a
     * store that reports an outage keeps trying on its own, so recovery needs no restart. While it
     * is set, writes fail with {@link dev.herald.core.ErrorCode#STORE_UNAVAILABLE} and store nothing.
     */
    default String unavailableReason() {
        return null;
    }

    /** Appends items durably, in the given order, and returns them with their sequence numbers. */
    CompletableFuture<List<Appended>> append(List<NewItem> items);

    /** The horizon and head of the log as of now. */
    CompletableFuture<LogBounds> bounds();

    /**
     * One page of a user's replay: items for the user (addressed directly, in a list, or broadcast)
     * with {@code afterSeq < seq <= uptoSeq}, ascending, at most {@code limit} of them, and bounded in
     * bytes: items are added while the content bytes ({@link Item#content()}) of those before stay
     * below {@code maxBytes}, so the item that reaches the budget is the page's last. A page therefore
     * holds at least one item (replay always moves on, however large an item is) and less than
     * {@code maxBytes} plus one item; and a page with fewer than {@code limit} items whose content is
     * below {@code maxBytes} is the end of the range. The items' targets need only include the user
     * (a store need not load a long recipient list to replay one user's stream).
     */
    CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit, long maxBytes);

    /** {@link #replay(String, long, long, int, long)} bounded by the item count alone. */
    default CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit) {
        return replay(userId, afterSeq, uptoSeq, limit, Long.MAX_VALUE);
    }

    /**
     * All items with {@code afterSeq < seq <= uptoSeq}, ascending, at most {@code limit}, with their
     * full targets: gap filling feeds these to fan-out.
     */
    CompletableFuture<List<Item>> range(long afterSeq, long uptoSeq, int limit);

    /**
     * A publisher's edit of notification {@code seq}: in one transaction, the stored notification is
     * rewritten in place (inbox pages and later replays show the new version; its category decides
     * its tab and counts from now on) and a {@code notification.updated} sync item whose data is the
     * whole new notification, under the notification's own id, is appended to the same target. Not
     * found (nothing changes) for an unknown number, an event or sync item, an expired or a retracted
     * notification. Concurrent edits apply in log order, each to the version the one before made.
     */
    CompletableFuture<PublisherChange> edit(long seq, NotificationEdit edit, long nowMillis);

    /**
     * A publisher's retraction of notification {@code seq}: in one transaction, the notification
     * becomes {@link dev.herald.core.item.ItemKind#RETRACTED} (its number stays, so the log stays
     * dense; its content is replaced, so the removed text is gone; it leaves every inbox and count
     * and is never replayed) and a {@code notification.deleted} item {@code {"id","notificationId","retracted":true}}
     * is appended to the same target. Retracting it again is found with no change (no new item);
     * an unknown number, an event or sync item, or an expired notification is not found.
     */
    CompletableFuture<PublisherChange> retract(long seq, long nowMillis);

    /**
     * Removes what has outlived its retention as of {@code nowMillis} and raises the horizon.
     * Returns how many items this call removed. Not one atomic step: a store may remove in slices,
     * each queued behind the writes waiting at the time, so calls in flight together may share
     * the removals between them in any way; once all have completed, everything expired as of
     * their {@code nowMillis} is gone.
     */
    CompletableFuture<Integer> prune(long nowMillis);

    @Override
    void close();
}
