package dev.herald.store.postgres;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.V1UpgradeChecks;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

@RequiresPostgres
class PostgresUpgradeTest extends V1UpgradeChecks {
    private String schema;

    @AfterEach
    void drop() {
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected DataSource emptyDatabase() {
        schema = TestPostgres.newSchema();
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

    @Override
    protected String location() {
        return "postgres";
    }

    @Override
    protected Store openStore() {
        return PostgresStore.open(TestPostgres.urlFor(schema), StoreOptions.defaults());
    }
}
