package dev.herald.store.sqlite;

import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.CountsChecks;
import dev.herald.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteCountsTest extends CountsChecks {
    @TempDir
    Path root;
    private int created;

    @Override
    protected JdbcStore fresh() {
        return SqliteStore.open(root.resolve("data" + ++created), StoreOptions.defaults());
    }

    @Override
    protected JdbcStore again() {
        return SqliteStore.open(root.resolve("data" + created), StoreOptions.defaults());
    }
}
