package dev.herald.ingest.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the outbox is and how it is consumed.
 *
 * @param jdbcUrl     the JDBC URL (may carry a password parameter: never log it)
 * @param user        the user, or null (then the URL's parameters or the driver decide)
 * @param password    the password, or null. Never logged
 * @param redactedUrl the URL as it may be logged
 * @param table       the outbox table, {@code [schema.]name} of lower-case a-z 0-9 _ (checked by the settings:
 *                    it is spliced into SQL as an identifier); dead letters go to {@code <table>_dead}
 * @param nodeId      this node's id, shown as the connection's application name
 * @param pollEvery   how often the table is read when no NOTIFY came (covers missed notifies); 1 s by default
 * @param batchSize   the most rows handed to the hub at once; 500 by default
 */
public record OutboxConfig(String jdbcUrl, String user, String password, String redactedUrl, String table,
                           String nodeId, Duration pollEvery, int batchSize) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH = 500;

    public OutboxConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(redactedUrl, "redactedUrl");
        Objects.requireNonNull(nodeId, "nodeId");
        if (table == null || !table.matches("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,56}")) {
            throw new IllegalArgumentException("the outbox table must be a lower-case SQL name: " + table);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    public OutboxConfig(String jdbcUrl, String user, String password, String redactedUrl, String table, String nodeId) {
        this(jdbcUrl, user, password, redactedUrl, table, nodeId, DEFAULT_POLL, DEFAULT_BATCH);
    }

    @Override
    public String toString() {
        return "OutboxConfig[" + redactedUrl + ", table=" + table + ", node=" + nodeId + "]";
    }
}
