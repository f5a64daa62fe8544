package dev.herald.ingest.redis;

/**
 * The timings of the stream leases, all derived from one: how long a lease lives unrenewed. At the
 * default of 6 s a node renews every second, counts a lease as its own for 4.5 s after a renewal was
 * sent, and waits 5 s after it starts before it takes streams.
 *
 * @param ttlMs how long a dead node's streams stay leased after its last renewal
 */
record LeaseTiming(long ttlMs) {
    public static final long DEFAULT_TTL_MS = 6_000;

    LeaseTiming {
        if (ttlMs < 1_000) {
            throw new IllegalArgumentException("a lease lives at least 1000 ms");
        }
    }

    /** How often the coordinator renews its leases and says it is alive: six times per lifetime. */
    long renewEveryMs() {
        return ttlMs / 6;
    }

    /**
     * How long after a renewal was sent the lease counts as ours: a quarter less than it lives, so a
     * node that cannot renew stops consuming before another can take over.
     */
    long validForMs() {
        return ttlMs - ttlMs / 4;
    }

    /**
     * A starting node counts as live at once but takes streams only after this long (five renewal
     * rounds), so nodes started together see each other and share the streams from the start, instead
     * of the first taking all and draining them before it hands some over (Kafka's initial rebalance
     * delay, for the same reason).
     */
    long joinDelayMs() {
        return 5 * renewEveryMs();
    }
}
