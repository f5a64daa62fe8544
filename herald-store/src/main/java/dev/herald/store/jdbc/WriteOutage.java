package dev.herald.store.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the store's writes are failing for a reason outside any one write (a full disk, an
 * unreachable or timed-out database). An outage is logged once when it starts (WARN, with the
 * database's reason) and once when it ends (INFO, with how long and how many writes were refused),
 * never once per refused write; meanwhile {@link #reason()} tells {@code /health} why.
 *
 * <p>Started and ended by the writer thread only; read and counted into from any thread.
 */
final class WriteOutage {
    private static final Logger log = LoggerFactory.getLogger(WriteOutage.class);

    private final String store;
    private volatile String reason;
    private long sinceMillis;
    private final AtomicLong refused = new AtomicLong();

    WriteOutage(String store) {
        this.store = store;
    }

    /** Writes were refused for {@code why}: starts an outage (one WARN) or counts into the current one. */
    void refused(String why, int writes) {
        if (reason == null) {
            sinceMillis = System.currentTimeMillis();
            refused.set(0);
            reason = why + " since " + Instant.ofEpochMilli(sinceMillis);
            log.warn("{} store refuses writes: {}. Writes are answered 503 store_unavailable (nothing of them is"
                    + " stored) until the store takes writes again; it retries by itself.", store, why);
        }
        refused.addAndGet(writes);
    }

    /** Writes refused at once while the outage lasts (from any thread). */
    void count(int writes) {
        refused.addAndGet(writes);
    }

    /** A write committed: ends the outage, if there was one. */
    void recovered() {
        if (reason == null) {
            return;
        }
        reason = null;
        log.info("{} store takes writes again after {} s; {} writes were refused meanwhile", store,
                (System.currentTimeMillis() - sinceMillis) / 1000, refused.get());
    }

    boolean active() {
        return reason != null;
    }

    /** Why writes fail and since when, or null while they work. */
    String reason() {
        return reason;
    }
}
