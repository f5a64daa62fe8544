package dev.herald.store.sqlite;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreContract;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.core.item.Target;
import dev.herald.core.store.TestItems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreTest extends StoreContract {
    @TempDir
    Path root;
    private Path latest;
    private int created;

    @Override
    protected Store create(StoreOptions options) {
        latest = root.resolve("data" + ++created);
        return SqliteStore.open(latest, options);
    }

    @Override
    protected Store reopen(StoreOptions options) {
        return SqliteStore.open(latest, options);
    }

    @Test
    void aSecondStoreOnTheSameDirectoryFailsClearlyUntilTheFirstCloses() {
        Store first = store();
        assertThatThrownBy(() -> SqliteStore.open(latest, StoreOptions.defaults()))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("in use by another Herald store");
                });
        // The failed attempt released nothing of the first store's: it still works.
        assertThat(first.bounds().join().head()).isZero();
        first.close();
        Store second = SqliteStore.open(latest, StoreOptions.defaults());
        try {
            assertThat(second.epoch()).isEqualTo(first.epoch());
        } finally {
            second.close();
        }
    }

    @Test
    void aNewDataDirectoryAndItsDatabaseAreReadableByTheOwnerOnly() throws Exception {
        Store store = store();
        store.append(List.of(TestItems.notification(Target.user("u"), "private"))).join();
        assertThat(Files.getPosixFilePermissions(latest)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String file : List.of(SqliteStore.DATABASE_FILE, SqliteStore.DATABASE_FILE + "-wal")) {
            assertThat(Files.getPosixFilePermissions(latest.resolve(file))).as(file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void theDatabaseIsOneFileInWalMode() throws Exception {
        store();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + latest.resolve(SqliteStore.DATABASE_FILE));
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void theWriterCheckpointsTheWalEvery64MiBAndReadersKeepTheDefault() {
        assertThat(SqliteStore.config(SqliteSettings.defaults(), false, SqliteStore.WAL_CHECKPOINT_PAGES).toProperties()
                .getProperty("wal_autocheckpoint")).isEqualTo("16384");
        assertThat(SqliteStore.config(SqliteSettings.defaults(), true, SqliteStore.WAL_CHECKPOINT_PAGES).toProperties()
                .getProperty("wal_autocheckpoint")).isNull();
    }

    /**
     * A database an earlier version left with items above its head (stored in auto-commit on a full
     * disk): every write collided with them, even after a restart. Opening it now repairs the head.
     */
    @Test
    void aDatabaseWithItemsAboveItsHeadIsRepairedWhenOpened() throws Exception {
        Store first = store();
        first.append(List.of(TestItems.notification(Target.user("u"), "one"),
                TestItems.notification(Target.user("u"), "two"))).join();
        first.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + latest.resolve(SqliteStore.DATABASE_FILE));
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE log_state SET head = 1 WHERE id = 1");
        }
        Store repaired = SqliteStore.open(latest, StoreOptions.defaults());
        try {
            assertThat(repaired.append(List.of(TestItems.notification(Target.user("u"), "three"))).join().get(0)
                    .item().seq()).isEqualTo(3);
            assertThat(repaired.range(0, 3, 10).join()).hasSize(3);
        } finally {
            repaired.close();
        }
    }
}
