package dev.herald.store.sqlite;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.DurableStoreChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

class SqliteDurableTest extends DurableStoreChecks {
    @TempDir
    Path root;
    private Path latest;
    private int created;
    private final List<Store> opened = new ArrayList<>();

    @Override
    protected Store open(StoreOptions options) {
        latest = root.resolve("data" + ++created);
        Store store = SqliteStore.open(latest, options);
        opened.add(store);
        return store;
    }

    @Override
    protected Store reopen(StoreOptions options) {
        Store store = SqliteStore.open(latest, options);
        opened.add(store);
        return store;
    }

    @Override
    protected long rows(String table) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + latest.resolve(SqliteStore.DATABASE_FILE));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }
}
