package dev.herald.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox source's settings: the URL is checked at start (without echoing it), the table name too. */
class OutboxSettingsTest {

    private HeraldConfig load(Map<String, String> env) throws Exception {
        Path dir = Files.createTempDirectory("herald-outbox-settings");
        return new ConfigLoader().load(new String[] {"--data-dir", dir.toString()}, env);
    }

    @Test
    void anOutboxUrlConfiguresTheSourceWithTheDefaultTable() throws Exception {
        IngestSettings.PostgresOutbox outbox = load(Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL",
                "postgresql://app:s3cret-pw@db.internal:5432/app")).ingest().outbox();
        assertThat(outbox.url()).isEqualTo("postgresql://app:s3cret-pw@db.internal:5432/app");
        assertThat(outbox.table()).isEqualTo("herald_outbox");
        assertThat(load(Map.of()).ingest().outbox()).isNull();
    }

    @Test
    void aBadUrlIsRejectedAtStartWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL", "mysql://root:s3cret-pw@host/db")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_INGEST_POSTGRES_OUTBOX_URL")
                .hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL", "postgresql://app:s3cret-pw@db.internal:5432/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no database name")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aTableNameThatIsNotAPlainSqlNameIsRejected() throws Exception {
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL", "postgresql://app@db/app",
                "HERALD_INGEST_POSTGRES_OUTBOX_TABLE", "outbox; DROP TABLE users")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_INGEST_POSTGRES_OUTBOX_TABLE");
        assertThat(load(Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL", "postgresql://app@db/app",
                "HERALD_INGEST_POSTGRES_OUTBOX_TABLE", "app.notifications_outbox")).ingest().outbox().table())
                .isEqualTo("app.notifications_outbox");
    }
}
