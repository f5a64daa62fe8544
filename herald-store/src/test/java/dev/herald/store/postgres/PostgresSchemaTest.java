package dev.herald.store.postgres;

import dev.herald.store.jdbc.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway is skipped on a current PostgreSQL schema too, including one Flyway created itself. */
@RequiresPostgres
class PostgresSchemaTest {
    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void drop() {
        schemas.forEach(TestPostgres::dropSchema);
    }

    @Test
    void aCurrentSchemaIsOpenedWithoutFlyway() throws Exception {
        String schema = TestPostgres.newSchema();
        schemas.add(schema);
        PGSimpleDataSource ds = dataSource(schema);
        assertThat(Schema.migrate(ds, "postgres")).isTrue();
        List<String> history = history(schema);
        assertThat(Schema.migrate(ds, "postgres")).isFalse();
        assertThat(history(schema)).isEqualTo(history);
    }

    @Test
    void aSchemaFlywayCreatedKeepsItsMarkerAndIsStillSeenAsCurrent() throws Exception {
        String schema = "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        schemas.add(schema); // not created here: Flyway creates it and writes its marker row
        PGSimpleDataSource ds = dataSource(schema);
        assertThat(Schema.migrate(ds, "postgres")).isTrue();
        assertThat(history(schema)).anyMatch(row -> row.contains("SCHEMA"));
        assertThat(Schema.migrate(ds, "postgres")).isFalse();
    }

    private static PGSimpleDataSource dataSource(String schema) {
        PostgresUrl url = PostgresUrl.parse(TestPostgres.urlFor(schema));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        if (url.user() != null) {
            ds.setUser(url.user());
        }
        if (url.password() != null) {
            ds.setPassword(url.password());
        }
        return ds;
    }

    private static List<String> history(String schema) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.admin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + schema + ".flyway_schema_history ORDER BY installed_rank")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
