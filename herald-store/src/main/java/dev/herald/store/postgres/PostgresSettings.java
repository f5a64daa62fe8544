package dev.herald.store.postgres;

import java.time.Duration;

/**
 * Connection settings of the PostgreSQL store. Every default is here.
 *
 * @param readers           reader threads and read-pool connections (default 4)
 * @param connectionTimeout how long a call waits for a connection before failing with
 *                          STORE_UNAVAILABLE (default 2 s: a down database fails publishes fast)
 * @param socketTimeout     how long one statement may wait on the network before the connection is
 *                          given up (default 30 s: a hung server or a partition cannot stall the writer
 *                          forever; Herald's transactions take milliseconds)
 * @param lockHoldLimit     how long PostgreSQL keeps a node's writing transaction open while the node
 *                          sends nothing (default 5 s, under the socket timeout): a node cut off or
 *                          paused while it holds the cluster's sequence lock stalls the other nodes'
 *                          writes this long at most, and its own transaction is rolled back
 */
public record PostgresSettings(int readers, Duration connectionTimeout, Duration socketTimeout,
                               Duration lockHoldLimit) {

    public PostgresSettings {
        if (readers < 1 || readers > 64) {
            throw new IllegalArgumentException("readers must be 1..64");
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
        }
        if (socketTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("socketTimeout must be at least 1 s");
        }
        if (lockHoldLimit.toMillis() < 1000 || lockHoldLimit.compareTo(socketTimeout) >= 0) {
            throw new IllegalArgumentException("lockHoldLimit must be at least 1 s and under socketTimeout");
        }
    }

    public static PostgresSettings defaults() {
        return new PostgresSettings(4, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
