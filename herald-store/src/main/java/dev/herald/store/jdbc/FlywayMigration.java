package dev.herald.store.jdbc;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * The only class that touches Flyway, so its classes are loaded only when a migration may be due
 * (see {@link Schema#migrate}).
 */
final class FlywayMigration {
    private FlywayMigration() {
    }

    static void run(DataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + location)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
