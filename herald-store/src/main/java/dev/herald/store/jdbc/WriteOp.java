package dev.herald.store.jdbc;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * One change the writer thread applies inside a group-commit transaction. An op may run more than
 * once (if its batch fails it is retried alone in a fresh transaction), so it keeps no state of its
 * own between runs: everything it does goes through the {@link WriteTx}.
 */
@FunctionalInterface
interface WriteOp<T> {

    T apply(WriteTx tx) throws SQLException;

    /** How many items it appends at most; bounds the size of a batch. */
    default int weight() {
        return 1;
    }

    /** Idempotency keys it will look up, loaded for the whole batch in one query. */
    default Collection<String> idempotencyKeys() {
        return List.of();
    }
}
