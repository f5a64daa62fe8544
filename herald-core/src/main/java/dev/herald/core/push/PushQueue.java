package dev.herald.core.push;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable queue of pushes, kept by the {@link dev.herald.core.store.Store}, derived from the log
 * by one cursor: whoever moves the cursor from N to M enqueues exactly the pushes of the items in
 * (N, M], in the same transaction, so every notification is considered once, across restarts and
 * across nodes sharing the database.
 *
 * <h2>Contract (checked by the shared push queue contract suite)</h2>
 * <ul>
 *   <li>{@link #enqueuePushes} moves the cursor only from the value given (compare-and-set) and
 *       stores its pushes atomically with the move; a stale cursor stores nothing and answers false.</li>
 *   <li>{@link #claimPushes} hands each due push to one claimer at a time, until its lease ends (a
 *       dead node's claims come back when their lease runs out). A push whose subscription is gone or
 *       now belongs to another user is dropped, never sent.</li>
 *   <li>A finished push is gone; a retried one is due again at the time given, unclaimed.</li>
 * </ul>
 */
public interface PushQueue {

    /** The last log sequence number considered for pushes, or -1 before the first move. */
    CompletableFuture<Long> pushCursor();

    /** Moves the cursor from {@code from} to {@code to} and stores the pushes; false if the cursor was not at {@code from}. */
    CompletableFuture<Boolean> enqueuePushes(long from, long to, List<PendingPush> pushes);

    /** Claims up to {@code limit} pushes due at {@code nowMillis} for {@code owner}, until {@code nowMillis + leaseMillis}. */
    CompletableFuture<List<PendingPush>> claimPushes(String owner, long nowMillis, long leaseMillis, int limit);

    /** Removes a push (sent, gone, rejected or out of attempts). */
    CompletableFuture<Void> finishPush(long id);

    /** Releases a push to be tried again at {@code dueAtMillis}, having tried {@code attempts} times. */
    CompletableFuture<Void> retryPush(long id, int attempts, long dueAtMillis);

    /** How many pushes wait (claimed or not). */
    CompletableFuture<Long> pushQueueDepth();
}
