package dev.herald.store.jdbc;

/**
 * A commit failed on the network and the database could not be asked afterwards whether it
 * committed: its writes may be stored. Its callers are told so (not "nothing stored"); writes
 * queued behind it were never sent and are refused as usual.
 */
final class CommitInDoubt extends Exception {
    /** What the callers of the transaction are told, with {@code store_unavailable}. */
    static final String MESSAGE = "store unavailable: the database did not confirm the commit, so this may have been"
            + " stored; retry with the same idempotencyKey";

    CommitInDoubt(Throwable commitFailure) {
        super("commit in doubt", commitFailure);
    }
}
