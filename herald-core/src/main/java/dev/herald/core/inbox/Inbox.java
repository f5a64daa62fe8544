package dev.herald.core.inbox;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Each user's view of the notifications in the log: seen, read and archived state, the first action
 * button pressed, deletions, muted types and categories.
 *
 * <h2>Contract (checked by the shared inbox contract suite)</h2>
 * <ul>
 *   <li>A user's inbox holds every notification addressed to them (directly, in a list, or broadcast)
 *       that has not expired ({@code expiresAt > now}) and that they have not deleted.</li>
 *   <li>Broadcast notifications have per-user state without a row per user per broadcast:
 *       state exists only for what a user saw, read, marked unread, archived or deleted, plus one
 *       read-through mark per user.</li>
 *   <li>Reading counts as seeing: a read notification is seen. Marking a notification unread keeps
 *       it seen. Archived notifications stay in the inbox (they can be unarchived) but are not
 *       counted as unread or unseen.</li>
 *   <li>Every change is atomic with its <b>sync item</b>: the change and an item addressed to the user
 *       ({@code notification.read}, {@code notification.deleted}, {@code preferences.updated}, ...) whose
 *       data carries the new counts ({@code unreadCount}, {@code unseenCount} and {@code counts}, the
 *       same as {@link #counts}) are committed in one transaction, so the counts that tabs see arrive
 *       in the order the changes happened.</li>
 *   <li>A notification another user owns, an event, or an expired or deleted notification is
 *       "not found" ({@link InboxChange#found()} false): nothing changes, nothing leaks.</li>
 *   <li>Repeating a change (reading twice) is allowed and emits a sync item again.</li>
 * </ul>
 */
public interface Inbox {

    /** A page of the user's inbox, newest first, as of {@code nowMillis}. */
    CompletableFuture<InboxPage> list(String userId, InboxQuery query, long nowMillis);

    CompletableFuture<Integer> unreadCount(String userId, long nowMillis);

    /**
     * Unread, unseen and total counts, in all and per category, from one consistent view (archived
     * excluded). Durable stores answer without walking the whole inbox (a per-user snapshot).
     */
    CompletableFuture<InboxCounts> counts(String userId, long nowMillis);

    /** Marks one notification read (keeps the first read time). */
    CompletableFuture<InboxChange> markRead(String userId, long seq, long nowMillis);

    /** Marks one notification seen (keeps the first seen time); sync item {@code notification.seen}. */
    CompletableFuture<InboxChange> markSeen(String userId, long seq, long nowMillis);

    /** Marks one notification unread again (it stays seen); sync item {@code notification.unread}. */
    CompletableFuture<InboxChange> markUnread(String userId, long seq, long nowMillis);

    /** Archives one notification (keeps the first archive time); sync item {@code notification.archived}. */
    CompletableFuture<InboxChange> archive(String userId, long seq, long nowMillis);

    /** Takes one notification out of the archive; sync item {@code notification.unarchived}. */
    CompletableFuture<InboxChange> unarchive(String userId, long seq, long nowMillis);

    /**
     * Records that the user pressed one of the notification's action buttons: the first action and
     * its time are kept (acting again changes neither), and acting reads the notification (and so
     * sees it). Not found when the notification has no action with that id. Sync item
     * {@code notification.acted}.
     */
    CompletableFuture<InboxChange> act(String userId, long seq, String actionId, long nowMillis);

    /**
     * Applies one action to the listed notifications or to all that pass a filter, atomically, with
     * one {@code notifications.bulk} sync item (also when nothing changed). Listed ids that are not
     * in the user's inbox are skipped and count as unchanged. Each notification changes exactly as
     * the single change would (delete as {@link #delete}), without a sync item of its own.
     */
    CompletableFuture<InboxBulkChange> bulk(String userId, InboxBulk bulk, long nowMillis);

    /** Marks everything in the user's inbox up to now read. */
    CompletableFuture<InboxChange> markAllRead(String userId, long nowMillis);

    /** Removes one notification from the user's inbox (other users keep theirs). */
    CompletableFuture<InboxChange> delete(String userId, long seq, long nowMillis);

    /** Notification types and categories the user does not want pushed live (they still reach the inbox). */
    CompletableFuture<Muted> muted(String userId);

    /**
     * Replaces the user's muted types and/or categories; a null list leaves that one as it is. The
     * sync item carries both resulting lists to the user's open streams.
     */
    default CompletableFuture<InboxChange> setMuted(String userId, List<String> types, List<String> categories,
                                                    long nowMillis) {
        return setPreferences(userId, types, categories, null, nowMillis);
    }

    /**
     * {@link #setMuted} plus the Web Push switch: a null {@code push} leaves it as it is. The sync
     * item ({@code preferences.updated}) carries the whole result.
     */
    CompletableFuture<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                                  Boolean push, long nowMillis);

    /** The muted types alone. */
    default CompletableFuture<Set<String>> mutedTypes(String userId) {
        return muted(userId).thenApply(Muted::types);
    }

    /** Replaces the muted types, leaving the muted categories as they are. */
    default CompletableFuture<InboxChange> setMutedTypes(String userId, List<String> types, long nowMillis) {
        return setMuted(userId, types, null, nowMillis);
    }
}
