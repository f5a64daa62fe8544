package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes on one database; one is cut off from it right after taking the cluster's sequence lock
 * (the server ran that statement; its reply, and anything after, is held by a {@link TcpProxy}).
 * The other node's writes must wait for the lock hold limit (5 s), not until the partition heals or
 * the cut-off node's socket timeout (30 s); the cut-off node's write is rolled back and reported as
 * not stored; the log stays dense.
 */
@RequiresPostgres
class PostgresPartitionTest {
    private String schema;
    private Store cutOff;
    private Store other;
    private TcpProxy proxy;

    @AfterEach
    void cleanUp() {
        if (proxy != null) {
            proxy.close();
        }
        if (cutOff != null) {
            cutOff.close();
        }
        if (other != null) {
            other.close();
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void aNodeCutOffHoldingTheSequenceLockStallsTheOthersOnlyUntilTheLockHoldLimit() throws Exception {
        proxy = TcpProxy.toTestPostgres();
        schema = TestPostgres.newSchema();
        // prepareThreshold=0: the lock statement always goes with its text, so the proxy can see it.
        cutOff = PostgresStore.open(TestPostgres.urlVia(proxy.port(), schema) + "&prepareThreshold=0",
                StoreOptions.defaults());
        other = PostgresStore.open(TestPostgres.urlFor(schema), StoreOptions.defaults());
        assertThat(seqOf(cutOff.append(List.of(notification(Target.user("cut-off"), "before"))).join())).isEqualTo(1);

        // Cut off just after the statement that takes the lock left (PostgresDialect#lockSequence): a
        // pooled connection is checked on the way out, and that check must still get its answer.
        proxy.holdRepliesOnceClientSends("pg_advisory_xact_lock");
        CompletableFuture<List<Appended>> stranded = cutOff.append(List.of(notification(Target.user("cut-off"), "stranded")));
        awaitLockHeldByAQuietSessionOf(proxy);

        // Without the limit this waits until the cut-off node's socket timeout (30 s) closes its connection.
        List<Appended> meanwhile = other.append(List.of(notification(Target.user("other"), "meanwhile")))
                .get(20, TimeUnit.SECONDS);
        assertThat(seqOf(meanwhile)).as("the stranded transaction's number was rolled back").isEqualTo(2);

        proxy.release();
        assertThatThrownBy(() -> stranded.get(30, TimeUnit.SECONDS))
                .as("the cut-off node is told its write was not stored")
                .cause().isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThat(seqOf(Appends.untilAccepted(cutOff, "cut-off"))).isEqualTo(3);
        assertThat(other.range(0, 3, 10).join()).extracting(i -> i.target().userId(), Item::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cut-off", 1L),
                        org.assertj.core.groups.Tuple.tuple("other", 2L),
                        org.assertj.core.groups.Tuple.tuple("cut-off", 3L));
    }

    private static long seqOf(List<Appended> appended) {
        return appended.get(0).item().seq();
    }

    /** Waits until the server shows the advisory lock granted to one of the proxy's sessions, idle in its transaction. */
    private static void awaitLockHeldByAQuietSessionOf(TcpProxy proxy) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection admin = TestPostgres.admin();
             PreparedStatement ps = admin.prepareStatement("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
                     + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                     + " AND a.state = 'idle in transaction' AND a.client_port = ANY (?)")) {
            while (true) {
                Array ports = admin.createArrayOf("int4", proxy.upstreamPorts().toArray());
                ps.setArray(1, ports);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the cut-off node never took the sequence lock");
                }
                Thread.sleep(20);
            }
        }
    }
}
