package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Target;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server goes away under a running store (a proxy is cut), then comes back. */
@RequiresPostgres
class PostgresOutageTest {
    private String schema;
    private Store store;
    private TcpProxy proxy;

    @AfterEach
    void cleanUp() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void callsFailFastWhileTheServerIsDownAndTheStoreRecoversByItself() throws Exception {
        proxy = TcpProxy.toTestPostgres();
        schema = TestPostgres.newSchema();
        store = PostgresStore.open(TestPostgres.urlVia(proxy.port(), schema), StoreOptions.defaults());
        assertThat(seqOfAppend()).isEqualTo(1);

        proxy.stop();
        for (int attempt = 0; attempt < 2; attempt++) {
            long t0 = System.nanoTime();
            assertUnavailable(store.append(List.of(notification(Target.user("u"), "while down"))));
            assertUnavailable(store.bounds());
            assertThat((System.nanoTime() - t0) / 1_000_000).as("fails within the connection timeout").isLessThan(6_000);
            Thread.sleep(600); // the second round finds only dead pooled connections: validated, dropped, refused
        }

        proxy.start();
        long deadline = System.currentTimeMillis() + 15_000;
        Long seq = null;
        while (seq == null && System.currentTimeMillis() < deadline) {
            try {
                seq = seqOfAppend();
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(HeraldException.class,
                        h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
                Thread.sleep(200);
            }
        }
        assertThat(seq).as("recovered without reopening; failed appends took no number").isEqualTo(2L);
        assertThat(store.bounds().join().head()).isEqualTo(2);
    }

    private long seqOfAppend() {
        return store.append(List.of(notification(Target.user("u"), "n"))).join().get(0).item().seq();
    }

    private static void assertUnavailable(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }
}
