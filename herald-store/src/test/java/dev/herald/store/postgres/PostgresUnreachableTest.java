package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Needs no server: nothing listens on the port it uses. */
class PostgresUnreachableTest {

    @Test
    void openingFailsFastAndClearlyWithoutShowingThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        String url = "postgresql://herald:s3cr%40t-pw@127.0.0.1:" + port + "/herald";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> PostgresStore.open(url, StoreOptions.defaults()))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain("s3cr").doesNotContain("-pw");
                });
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    }
}
