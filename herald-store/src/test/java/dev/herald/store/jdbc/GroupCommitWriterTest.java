package dev.herald.store.jdbc;

import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group-commit writer on its own, over a real SQLite file. */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private FixedConnections connections;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("test.db"));
        Schema.migrate(ds, "sqlite");
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        String epoch = Schema.epoch(c);
        connections = new FixedConnections(List.of(c));
        writer = new GroupCommitWriter(epoch, StoreOptions.defaults(), new Dialect() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void begin(Connection connection) {
                // the connection has auto-commit off
            }

            @Override
            public long lockSequence(Connection connection) {
                return -1;
            }

            @Override
            public void commit(Connection connection) throws SQLException {
                connection.commit();
            }

            @Override
            public void rollback(Connection connection) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // nothing to roll back
                }
            }

            @Override
            public boolean isUnreachable(Throwable failure) {
                return false;
            }

            @Override
            public String reason(Throwable failure) {
                return failure.toString();
            }
        }, connections);
    }

    @AfterEach
    void close() {
        writer.close();
        connections.close();
    }

    /** Holds the writer inside a transaction until released, so what is queued meanwhile forms batches. */
    private CountDownLatch holdWriter() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submit(tx -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void opsQueuedWhileACommitRunsShareOneTransactionUpToTheBound() throws Exception {
        CountDownLatch release = holdWriter();
        List<CompletableFuture<Integer>> txOfEach = new ArrayList<>();
        for (int i = 0; i < GroupCommitWriter.MAX_OPS + 100; i++) {
            txOfEach.add(writer.submit(System::identityHashCode));
        }
        release.countDown();
        List<Integer> txs = txOfEach.stream().map(CompletableFuture::join).toList();
        assertThat(txs.subList(0, GroupCommitWriter.MAX_OPS)).containsOnly(txs.get(0));
        assertThat(txs.subList(GroupCommitWriter.MAX_OPS, txs.size())).containsOnly(txs.get(GroupCommitWriter.MAX_OPS))
                .doesNotContain(txs.get(0));
    }

    @Test
    void anErrorInOneOpFailsOnlyThatOpAndTakesNoNumber() throws Exception {
        CountDownLatch release = holdWriter();
        List<CompletableFuture<List<Appended>>> appends = new ArrayList<>();
        CompletableFuture<Object> broken = null;
        for (int i = 0; i < 100; i++) {
            if (i == 40) {
                broken = writer.submit(tx -> {
                    tx.append(notification(Target.user("u"), "half-written"));
                    tx.connection(); // executes the insert: there is now something to roll back
                    throw new StackOverflowError("simulated");
                });
            }
            appends.add(writer.submit(new AppendOp(List.of(notification(Target.user("u"), "n" + i)))));
        }
        release.countDown();
        assertThatThrownBy(broken::join).isInstanceOf(CompletionException.class)
                .hasRootCauseInstanceOf(StackOverflowError.class);
        List<Long> seqs = appends.stream().map(f -> f.join().get(0).item().seq()).toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        // The writer is still alive and numbering continues where the committed head is.
        assertThat(writer.submit(new AppendOp(List.of(notification(Target.user("u"), "after")))).join().get(0).item().seq())
                .isEqualTo(101);
    }
}
