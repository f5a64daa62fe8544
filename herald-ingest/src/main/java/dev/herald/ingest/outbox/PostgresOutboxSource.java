package dev.herald.ingest.outbox;

import dev.herald.core.ingest.IngestBatches;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestSource;
import dev.herald.core.ingest.IngestStats;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes a PostgreSQL outbox table: the app INSERTs a row in its own transaction, so a notification
 * is published if and only if that transaction commits.
 *
 * <p>One thread and one connection per node. Each round it finds the partitions with rows, locks a
 * fair share of them ({@link PartitionLocks}), reads their oldest rows in id order, hands them to the
 * sink as one batch and deletes them only once {@link IngestBatches#deliver} says they are settled.
 * An empty partition's lock is let go, so partitions move freely between nodes. The trigger's
 * NOTIFY wakes the thread at once; without one it reads the table every {@link OutboxConfig#pollEvery}.
 */
public final class PostgresOutboxSource implements IngestSource {
    public static final String NAME = "postgres-outbox";
    private static final Logger log = LoggerFactory.getLogger(PostgresOutboxSource.class);
    private static final long MAX_RECONNECT_BACKOFF_MS = 5_000;
    private static final long LAG_EVERY_MS = 3_000;
    private static final long CLOSE_WAIT_MS = 10_000;
    private static final long WAIT_SLICE_MS = 200;
    private static final long YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    private final OutboxConfig config;
    private final OutboxTable table;
    private final OutboxRows rows;
    private final PartitionLocks locks;
    private final IngestStats stats = new IngestStats(NAME);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile long lag = -1;
    private long lagAt;
    /** When this node last settled a batch, and when it first saw each pending partition (nanoTime). */
    private long lastSettledAt = System.nanoTime() - YIELD_NANOS;
    private final Map<String, Long> firstSeen = new HashMap<>();
    /** Whether the last round left a free partition to other nodes for a moment. */
    private boolean yielded;
    /** Set when a dead-letter write failed: the batch is abandoned, the connection (and its locks) renewed. */
    private boolean broken;

    public PostgresOutboxSource(OutboxConfig config) {
        this.config = config;
        this.table = new OutboxTable(config.table());
        this.rows = new OutboxRows(table);
        this.locks = new PartitionLocks(config.table());
        stats.lagFrom(() -> lag);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IngestStats stats() {
        return stats;
    }

    @Override
    public synchronized void start(IngestSink sink) {
        if (thread != null || closed.get()) {
            throw new IllegalStateException("already started or closed");
        }
        Thread t = new Thread(() -> run(sink), "herald-ingest-outbox");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(IngestSink sink) {
        long backoff = 100;
        boolean failing = false;
        while (!closed.get()) {
            try {
                if (connection == null) {
                    connection = connect();
                    if (failing) {
                        log.info("ingest {}: connected again to {}", NAME, config.redactedUrl());
                    }
                }
                boolean more = round(sink);
                failing = false;
                backoff = 100;
                if (!more) {
                    awaitNotify();
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    break;
                }
                stats.countRetry(IngestStats.SOURCE_UNAVAILABLE, String.valueOf(e.getMessage()));
                if (!failing) {
                    // Once per outage; the message never holds the URL (the driver's messages name host and port only).
                    log.warn("ingest {}: {} failed, retrying: {}", NAME, config.redactedUrl(), e.getMessage());
                    failing = true;
                }
                dropConnection();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(backoff * 2, MAX_RECONNECT_BACKOFF_MS);
            }
        }
        dropConnection();
    }

    /** One batch: true when one was settled (there may be more to read right away). */
    private boolean round(IngestSink sink) throws SQLException, InterruptedException {
        Connection c = connection;
        yielded = false;
        refreshLag(c);
        List<String> pending = rows.pendingPartitions(c);
        Set<String> pendingSet = new HashSet<>(pending);
        for (String p : List.copyOf(locks.owned())) {
            if (!pendingSet.contains(p)) {
                locks.unlock(c, p); // drained: free for whichever node sees its next row first
            }
        }
        if (pending.isEmpty()) {
            return false; // the common idle round: one index probe, then wait for a NOTIFY
        }
        long now = System.nanoTime();
        firstSeen.keySet().retainAll(pendingSet);
        pending.forEach(p -> firstSeen.putIfAbsent(p, now));
        int share = locks.share(c, pending.size());
        // A node that has just settled a batch leaves a newly pending partition to an idle node for a
        // moment: otherwise the node that happens to finish first would win every race for new work.
        boolean yielding = locks.members(c) > 1 && now - lastSettledAt < YIELD_NANOS;
        // Shuffled, so nodes racing for the same free partitions do not all try them in one order.
        Collections.shuffle(pending);
        for (String p : pending) {
            if (locks.owned().size() >= share) {
                break;
            }
            if (!locks.owned().contains(p)) {
                if (yielding && now - firstSeen.get(p) < YIELD_NANOS) {
                    yielded = true;
                    continue;
                }
                locks.tryLock(c, p);
            }
        }
        if (locks.owned().isEmpty()) {
            return false;
        }
        int perPartition = Math.max(1, config.batchSize() / locks.owned().size());
        List<IngestMessage> batch = rows.next(c, locks.owned(), perPartition);
        if (batch.isEmpty()) {
            return false;
        }
        broken = false;
        boolean settled = IngestBatches.deliver(batch, sink, (m, code, reason) -> deadLetter(c, m, code, reason),
                stats, () -> closed.get() || broken);
        if (!settled) {
            if (broken) {
                throw new SQLException("dead-letter write failed; the batch comes again");
            }
            return false;
        }
        rows.delete(c, batch);
        lastSettledAt = System.nanoTime();
        // Beyond a fair share (more nodes came): let the extra partitions go, now that nothing of theirs is in flight.
        List<String> extra = new ArrayList<>(locks.owned());
        for (int i = share; i < extra.size(); i++) {
            locks.unlock(c, extra.get(i));
        }
        // Straight on: a partition may have more than its part of this batch. An empty round then waits.
        return true;
    }

    private void deadLetter(Connection c, IngestMessage m, String code, String reason) throws SQLException {
        try {
            rows.deadLetter(c, m, code, reason);
        } catch (SQLException e) {
            if (c.isClosed() || !c.isValid(2)) {
                // The locks went with the connection: stop offering this batch, reconnect, read again.
                broken = true;
            }
            throw e;
        }
    }

    private void refreshLag(Connection c) throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lagAt >= LAG_EVERY_MS) {
            lag = rows.lag(c);
            lagAt = now;
        }
    }

    /**
     * Waits for the trigger's NOTIFY, at most one poll interval, in short slices so {@link #close}
     * is seen quickly (a slice only waits on the socket; it sends nothing to the server).
     */
    private void awaitNotify() throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        // After yielding a partition, look again soon: it is ours if no idle node took it.
        long deadline = System.nanoTime() + (yielded ? YIELD_NANOS : config.pollEvery().toNanos());
        while (!closed.get()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            PGNotification[] got = pg.getNotifications((int) Math.min(left, WAIT_SLICE_MS));
            if (got != null && got.length > 0) {
                // Take what else already came without waiting, so one burst of inserts wakes one round.
                pg.getNotifications();
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        props.setProperty("ApplicationName", "herald-ingest-outbox " + config.nodeId());
        props.setProperty("connectTimeout", "5");
        // A silently vanished node's locks must end: keep-alives make the server notice a dead peer.
        props.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(config.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL");
        }
        try {
            c.setAutoCommit(true);
            table.ensure(c);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN \"" + table.channel() + "\"");
            }
            locks.joined(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        locks.lost();
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing releases the locks either way (the server ends the session).
            }
        }
    }

    /**
     * Stops: a batch being published is let finish and acknowledged (the hub still takes writes
     * while sources close), a retry loop is abandoned with nothing acknowledged. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                // Stuck in a database call: closing the connection ends it (and frees the locks).
                log.warn("ingest {}: consumer still busy after {} ms; closing its connection", NAME, CLOSE_WAIT_MS);
                Connection c = connection;
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // Gone either way.
                    }
                }
            }
        }
    }
}
