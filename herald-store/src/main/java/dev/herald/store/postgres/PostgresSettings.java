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
 */
public record PostgresSettings(int readers, Duration connectionTimeout, Duration socketTimeout) {

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
    }

    public static PostgresSettings defaults() {
        return new PostgresSettings(4, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
}
