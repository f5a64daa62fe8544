package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A commit is sent and its reply never comes (a partition, a server that dies as it answers): the
 * database may or may not have committed. The store asks it ({@code txid_status}) instead of
 * telling the caller "nothing stored": a commit that happened is answered as stored, one that did
 * not as not stored, and one it cannot ask about in time as possibly stored. One connection is cut
 * off at its COMMIT by a {@link TcpProxy}; the store's others still reach the server.
 */
@RequiresPostgres
class PostgresCommitInDoubtTest {
    /** Short timeouts: the node gives up on a reply after 3 s; a quiet transaction ends after 1 s. */
    private static final PostgresSettings SETTINGS = new PostgresSettings(2, Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(1));
    private String schema;
    private Store store;
    private TcpProxy proxy;

    @BeforeEach
    void open() throws Exception {
        proxy = TcpProxy.toTestPostgres();
        schema = TestPostgres.newSchema();
        // prepareThreshold=0: every statement goes with its text, COMMIT too, so the proxy can see it.
        store = PostgresStore.open(TestPostgres.urlVia(proxy.port(), schema) + "&prepareThreshold=0",
                StoreOptions.defaults(), SETTINGS);
        assertThat(seqOf(append("first"))).isEqualTo(1);
    }

    @AfterEach
    void cleanUp() {
        if (proxy != null) {
            proxy.close();
        }
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void aCommitWhoseReplyIsLostButWhichCommittedIsAnsweredAsStored() throws Exception {
        proxy.holdRepliesOnceClientSends("reply-lost", "COMMIT");
        // Without asking the database, this failed with store_unavailable ("nothing stored") though it was.
        List<Appended> appended = store.append(List.of(notification(Target.user("reply-lost"), "n")))
                .get(30, TimeUnit.SECONDS);
        assertThat(seqOf(appended)).isEqualTo(2);

        proxy.release();
        assertThat(seqOf(Appends.untilAccepted(store, "after"))).isEqualTo(3);
        assertThat(usersInLog()).containsExactly("first", "reply-lost", "after");
    }

    @Test
    void aCommitThatNeverReachedTheServerIsAnsweredNotStoredAndIsNot() throws Exception {
        proxy.holdRequestsOnceClientSends("never-sent", "COMMIT");
        HeraldException refused = failureOf(store.append(List.of(notification(Target.user("never-sent"), "n"))));
        assertThat(refused.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(refused.getMessage()).isEqualTo("store unavailable");

        proxy.release();
        assertThat(seqOf(Appends.untilAccepted(store, "after"))).as("the rolled-back transaction took no number").isEqualTo(2);
        assertThat(usersInLog()).containsExactly("first", "after");
    }

    @Test
    void aCommitTheDatabaseCannotBeAskedAboutIsAnsweredAsPossiblyStored() throws Exception {
        proxy.holdRepliesOnceClientSends("in-doubt", "COMMIT");
        CompletableFuture<List<Appended>> pending = store.append(List.of(notification(Target.user("in-doubt"), "n")));
        awaitTheServerAnswered();
        // The server committed and answered; now it cannot be reached at all while the node asks.
        proxy.stop();
        HeraldException doubt = failureOf(pending);
        assertThat(doubt.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(doubt.getMessage()).contains("may have been stored").contains("idempotencyKey");

        proxy.start();
        assertThat(seqOf(Appends.untilAccepted(store, "after"))).isEqualTo(3);
        assertThat(usersInLog()).as("it had been stored: why the answer must not say otherwise")
                .containsExactly("first", "in-doubt", "after");
    }

    private List<Appended> append(String user) {
        return store.append(List.of(notification(Target.user(user), "n"))).join();
    }

    private static long seqOf(List<Appended> appended) {
        return appended.get(0).item().seq();
    }

    private List<String> usersInLog() {
        return store.range(0, 10, 10).join().stream().map(Item::target).map(Target::userId).toList();
    }

    private static HeraldException failureOf(CompletableFuture<?> future) throws Exception {
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertThat(e).as("the write failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(HeraldException.class);
        return (HeraldException) e.getCause();
    }

    private void awaitTheServerAnswered() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (proxy.heldReplyBytes() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never answered the held COMMIT");
            }
            Thread.sleep(10);
        }
    }
}
