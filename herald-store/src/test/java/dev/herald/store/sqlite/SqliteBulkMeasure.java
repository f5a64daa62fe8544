package dev.herald.store.sqlite;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.InboxBulkMeasure;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link InboxBulkMeasure} on SQLite (opt in with -Dherald.measure=true). */
class SqliteBulkMeasure extends InboxBulkMeasure {
    @TempDir
    Path root;

    @Override
    protected Store open() {
        return SqliteStore.open(root.resolve("data"), StoreOptions.defaults());
    }

    @Override
    protected String name() {
        return "sqlite";
    }
}
