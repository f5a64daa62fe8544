package dev.herald.store.jdbc;

/** How a transaction whose commit reply was lost ended, as the database tells afterwards. */
public enum CommitFate {
    /** It committed: the writes are stored and are answered as such. */
    COMMITTED,
    /** It did not commit: nothing of it is stored. */
    ROLLED_BACK,
    /** The database could not be asked in time: it may or may not have committed. */
    UNKNOWN
}
