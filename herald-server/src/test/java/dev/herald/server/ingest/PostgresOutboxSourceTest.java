package dev.herald.server.ingest;

import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestResult;
import dev.herald.core.ingest.IngestSink;
import dev.herald.ingest.outbox.OutboxConfig;
import dev.herald.ingest.outbox.PostgresOutboxSource;
import dev.herald.store.postgres.PostgresUrl;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox source alone on the real PostgreSQL, with a sink that records what it is handed: what
 * the shared contract cannot see from outside (the hub's DDL, the NOTIFY wake-up, positions after
 * the table's ids restart, a clean close).
 */
@RequiresPostgres
class PostgresOutboxSourceTest {
    private final String schema = TestPostgres.newSchema();
    private final String table = schema + ".herald_outbox";
    private final List<IngestMessage> handed = new CopyOnWriteArrayList<>();
    private final IngestSink recording = messages -> {
        handed.addAll(messages);
        List<IngestResult> ok = new ArrayList<>();
        messages.forEach(m -> ok.add(new IngestResult.Published(List.of("id-" + m.position()))));
        return CompletableFuture.completedFuture(ok);
    };
    private PostgresOutboxSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        TestPostgres.dropSchema(schema);
    }

    /** A source that reads the table only every ten minutes unless a NOTIFY wakes it. */
    private PostgresOutboxSource start(String nodeId) {
        PostgresUrl url = PostgresUrl.parse(TestPostgres.URL);
        source = new PostgresOutboxSource(new OutboxConfig(url.jdbcUrl(), url.user(), url.password(), url.redacted(),
                table, nodeId, Duration.ofMinutes(10), OutboxConfig.DEFAULT_BATCH));
        source.start(recording);
        return source;
    }

    private static long query(String sql) throws Exception {
        try (Connection c = TestPostgres.admin(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void insert(String partition, String body) {
        TestPostgres.execute("INSERT INTO " + table + " (partition_key, body) VALUES ('" + partition + "', '" + body + "')");
    }

    @Test
    void theHubCreatesItsTablesAndANotifyWakesItLongBeforeTheNextPoll() throws Exception {
        start("wake-test");
        // The consumer created the outbox, the dead-letter table and the trigger, then listens.
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('"
                + table + "') AND tgname = 'herald_outbox_wake'") == 1);
        assertThat(query("SELECT count(*) FROM " + table + "_dead")).isZero();
        // Its first read of the empty table (the partition scan, its last statement when idle) is done:
        // it waits for a NOTIFY now.
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name = 'herald-ingest-outbox wake-test' AND state = 'idle'"
                + " AND query LIKE 'WITH RECURSIVE%'") == 1);
        insert("a", "{\"kind\":\"notification\"}");
        // Polling is ten minutes away: only the trigger's NOTIFY can bring the row this soon.
        await().atMost(Duration.ofSeconds(20)).until(() -> handed.size() == 1);
        assertThat(handed.get(0).partition()).isEqualTo("a");
        assertThat(handed.get(0).kind()).isNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> query("SELECT count(*) FROM " + table) == 0);
    }

    @Test
    void positionsStayUniqueWhenTheTableIsEmptiedAndItsIdsRestart() throws Exception {
        start("restart-test");
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count(*) FROM pg_class WHERE oid = to_regclass('"
                + table + "')") == 1);
        insert("a", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> handed.size() == 1);
        TestPostgres.execute("TRUNCATE " + table + " RESTART IDENTITY");
        insert("a", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> handed.size() == 2);
        assertThat(handed.get(0).position()).startsWith("1@");
        assertThat(handed.get(1).position()).startsWith("1@").isNotEqualTo(handed.get(0).position());
    }

    @Test
    void closeEndsTheConsumerAndItsSessionAndIsSafeTwice() throws Exception {
        start("close-test");
        String active = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'herald-ingest-outbox close-test'";
        await().atMost(Duration.ofSeconds(30)).until(() -> query(active) == 1);
        source.close();
        source.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> query(active) == 0);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("herald-ingest-outbox"));
    }
}
