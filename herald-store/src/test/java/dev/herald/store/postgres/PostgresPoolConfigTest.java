package dev.herald.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's driver properties reach the driver. PostgreSQL's driver reads only string values of the
 * properties Hikari hands it and drops the others without a word: the socket timeout, keep-alive,
 * batched inserts and the hiding of row values in server errors were all set as Integer or Boolean,
 * and none of them applied (a commit whose reply was lost waited for ever).
 */
class PostgresPoolConfigTest {

    @Test
    void everyDriverPropertyIsAStringTheDriverReads() {
        PostgresSettings settings = new PostgresSettings(3, Duration.ofMillis(2500), Duration.ofSeconds(7),
                Duration.ofSeconds(2));
        HikariConfig config = PostgresStore.poolConfig(PostgresUrl.parse("postgresql://u:p@127.0.0.1:5432/db"),
                settings, "test-pool", 2, false);
        Properties props = config.getDataSourceProperties();

        assertThat(props.stringPropertyNames()).as("what the driver reads").isEqualTo(props.keySet());
        assertThat(props.getProperty("socketTimeout")).isEqualTo("7");
        assertThat(props.getProperty("connectTimeout")).isEqualTo("3");
        assertThat(props.getProperty("tcpKeepAlive")).isEqualTo("true");
        assertThat(props.getProperty("reWriteBatchedInserts")).isEqualTo("true");
        assertThat(props.getProperty("logServerErrorDetail")).isEqualTo("false");
    }
}
