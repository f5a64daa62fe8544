package dev.herald.store.jdbc;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's reader threads on their own, over a real SQLite file: how a read's failure is reported. */
class ReadPoolTest {
    @TempDir
    Path dir;
    private FixedConnections connections;
    private ReadPool reads;

    @BeforeEach
    void open() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("test.db"));
        Schema.migrate(ds, "sqlite");
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        connections = new FixedConnections(List.of(c));
        reads = new ReadPool("test-reader", 1, connections);
    }

    @AfterEach
    void close() {
        reads.close();
        connections.close();
    }

    @Test
    void aJvmErrorOnAReaderThreadReachesTheCallerAsItselfNotAsStoreUnavailable() {
        // As when the heap runs out while a replay page is being built.
        assertThatThrownBy(() -> reads.submit(c -> {
            throw new OutOfMemoryError("Java heap space");
        }, "replay").join()).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        // The reader survives it: the next read runs.
        assertThat(reads.submit(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
                rs.next();
                return rs.getInt(1);
            }
        }, "count").join()).isZero();
    }

    @Test
    void aDatabaseFailureIsStillStoreUnavailable() {
        assertThatThrownBy(() -> reads.submit(c -> {
            throw new SQLException("disk I/O error", "58030");
        }, "replay").join()).cause().isInstanceOf(HeraldException.class)
                .satisfies(e -> assertThat(((HeraldException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE))
                .hasMessage("store unavailable: replay failed");
    }
}
