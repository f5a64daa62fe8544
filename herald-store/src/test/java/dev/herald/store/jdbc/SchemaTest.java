package dev.herald.store.jdbc;

import dev.herald.core.store.StoreOptions;
import dev.herald.store.sqlite.SqliteStore;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway runs only when it may have something to do: a schema already at the bundled migrations is
 * opened without it, and every other schema goes to Flyway as before. Over real SQLite files, with
 * small migration sets under {@code src/test/resources/db/schema-test}.
 */
class SchemaTest {
    private static final String V1 = "schema-test/v1";
    private static final String V2 = "schema-test/v2";

    @TempDir
    Path dir;
    private SQLiteDataSource db;

    @BeforeEach
    void newDatabase() {
        db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + dir.resolve("test.db"));
    }

    @Test
    void aNewDatabaseIsMigratedByFlywayAndTheNextOpenSkipsIt() throws Exception {
        assertThat(Schema.migrate(db, "sqlite")).as("Flyway ran on the empty database").isTrue();
        List<String> history = history();
        // One row per bundled migration, however many there are by now.
        assertThat(history).hasSize(BundledMigrations.versions(getClass().getClassLoader(), "sqlite").orElseThrow().size());

        assertThat(Schema.migrate(db, "sqlite")).as("Flyway skipped: nothing to do").isFalse();
        assertThat(Schema.migrate(db, "sqlite")).isFalse();
        assertThat(history()).as("the history table is untouched").isEqualTo(history);
    }

    @Test
    void aDatabaseOneMigrationBehindIsStillMigrated() throws Exception {
        assertThat(Schema.migrate(db, V1)).isTrue();
        assertThat(Schema.migrate(db, V1)).isFalse();
        assertThat(tables()).contains("one").doesNotContain("two");

        assertThat(Schema.migrate(db, V2)).as("V2 is new: Flyway runs").isTrue();
        assertThat(tables()).contains("one", "two");
        assertThat(history()).hasSize(2);
        assertThat(Schema.migrate(db, V2)).isFalse();
    }

    @Test
    void aDatabaseNewerThanTheCodeGoesToFlywayAndOpensAsBefore() throws Exception {
        assertThat(Schema.migrate(db, V2)).isTrue();
        List<String> history = history();

        // Older code (only V1) on a database at V2: Flyway runs, warns and leaves it as it is, as it
        // always did (Flyway ignores migrations newer than the code by default).
        assertThat(Schema.migrate(db, V1)).isTrue();
        assertThat(Schema.migrate(db, V1)).isTrue();
        assertThat(history()).isEqualTo(history);
    }

    @Test
    void aStoreFromANewerVersionStillOpensAsBefore() throws Exception {
        Path data = dir.resolve("data");
        SqliteStore.open(data, StoreOptions.defaults()).close();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStore.DATABASE_FILE));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES ((SELECT MAX(installed_rank) + 1 FROM"
                    + " flyway_schema_history), '99', 'future', 'SQL',"
                    + " 'V99__future.sql', 1, '', 1, 1)");
        }
        SqliteStore reopened = SqliteStore.open(data, StoreOptions.defaults());
        try {
            assertThat(reopened.bounds().join().head()).isZero();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aFailedMigrationInTheHistoryStillFailsInFlyway() throws Exception {
        Schema.migrate(db, V1);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE flyway_schema_history SET success = 0");
        }
        assertThatThrownBy(() -> Schema.migrate(db, V1)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void aRepeatableMigrationLeavesEveryRunToFlyway() throws Exception {
        assertThat(BundledMigrations.versions(getClass().getClassLoader(), "schema-test/repeatable")).isEmpty();
        assertThat(Schema.migrate(db, "schema-test/repeatable")).isTrue();
        assertThat(Schema.migrate(db, "schema-test/repeatable")).isTrue();
    }

    @Test
    void noConnectionFailsAtOnce() {
        SQLiteDataSource unreachable = new SQLiteDataSource();
        unreachable.setUrl("jdbc:sqlite:" + dir.resolve("missing-dir").resolve("test.db"));
        assertThatThrownBy(() -> Schema.migrate(unreachable, "sqlite")).isInstanceOf(SQLException.class);
    }

    @Test
    void theBundledVersionsAreReadFromDirectoriesAndJars() throws Exception {
        assertThat(BundledMigrations.versions(getClass().getClassLoader(), "sqlite"))
                .hasValueSatisfying(v -> assertThat(v).contains("1", "2", "3", "4", "5", "6", "7", "8", "9"));
        assertThat(BundledMigrations.versions(getClass().getClassLoader(), V2)).contains(Set.of("1", "2"));
        assertThat(BundledMigrations.versions(getClass().getClassLoader(), "no-such-location")).isEmpty();

        Path jar = dir.resolve("migrations.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/x/", "db/x/V1__a.sql", "db/x/V1_1__b.sql", "db/x/README.txt",
                    "db/x/later/V010__c.sql", "db/xy/V7__not_here.sql")) {
                zip.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    zip.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            assertThat(BundledMigrations.versions(loader, "x")).contains(Set.of("1", "1.1", "10"));
        }
    }

    @Test
    void versionsCompareAsFlywayComparesThem() {
        assertThat(MigrationVersions.canonical("1")).isEqualTo("1");
        assertThat(MigrationVersions.canonical("01.0")).isEqualTo("1");
        assertThat(MigrationVersions.canonical("1_2_0")).isEqualTo("1.2");
        assertThat(MigrationVersions.canonical("1.a")).isNull();
        assertThat(MigrationVersions.canonical("")).isNull();
        assertThat(MigrationVersions.ofFileName("V2__log_and_inbox.sql")).isEqualTo("2");
        assertThat(MigrationVersions.ofFileName("V1_1__x.sql")).isEqualTo("1.1");
        assertThat(MigrationVersions.ofFileName("R__x.sql")).isNull();
        assertThat(MigrationVersions.ofFileName("beforeMigrate.sql")).isNull();
    }

    @Test
    void aHistoryWithoutTheTableOrWithUnusualRowsIsUnknown() throws Exception {
        try (Connection c = db.getConnection()) {
            assertThat(AppliedMigrations.versions(c)).isEmpty();
        }
        Schema.migrate(db, V1);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            assertThat(AppliedMigrations.versions(c)).isEqualTo(Optional.of(Set.of("1")));
            // The marker Flyway writes when it creates a schema is not a migration.
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (0, NULL, '<< Flyway Schema Creation >>',"
                    + " 'SCHEMA', '\"main\"', NULL, '', 0, 1)");
            assertThat(AppliedMigrations.versions(c)).isEqualTo(Optional.of(Set.of("1")));
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (5, NULL, 'view', 'SQL', 'R__view.sql',"
                    + " 1, '', 0, 1)");
            assertThat(AppliedMigrations.versions(c)).isEmpty();
        }
    }

    /** Every column of every history row, in order: any change Flyway made shows. */
    private List<String> history() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM flyway_schema_history ORDER BY installed_rank")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
