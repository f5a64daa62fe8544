package dev.herald.store.sqlite;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.V1UpgradeChecks;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;

class SqliteUpgradeTest extends V1UpgradeChecks {
    @TempDir
    Path root;

    @Override
    protected DataSource emptyDatabase() throws Exception {
        Files.createDirectories(root.resolve("data"));
        SQLiteDataSource db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + root.resolve("data").resolve(SqliteStore.DATABASE_FILE));
        return db;
    }

    @Override
    protected String location() {
        return "sqlite";
    }

    @Override
    protected Store openStore() {
        return SqliteStore.open(root.resolve("data"), StoreOptions.defaults());
    }
}
