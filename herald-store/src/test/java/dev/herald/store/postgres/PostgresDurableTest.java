package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.DurableStoreChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresPostgres
class PostgresDurableTest extends DurableStoreChecks {
    private final Schemas schemas = new Schemas();

    @Override
    protected Store open(StoreOptions options) {
        return schemas.fresh(options);
    }

    @Override
    protected Store reopen(StoreOptions options) {
        return schemas.again(options);
    }

    @Override
    protected long rows(String table) {
        try (Connection c = TestPostgres.admin();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + schemas.latestSchema() + "." + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aValuePostgresCannotHoldFailsAloneAsAValidationError() {
        Store store = open(StoreOptions.defaults());
        List<CompletableFuture<List<Appended>>> good = new ArrayList<>();
        CompletableFuture<List<Appended>> bad = null;
        for (int i = 0; i < 50; i++) {
            if (i == 25) {
                // PostgreSQL text cannot hold NUL (SQLSTATE 22021); SQLite can. A retry could never succeed.
                bad = store.append(List.of(notification(Target.user("nul\u0000user"), "x")));
            }
            good.add(store.append(List.of(notification(Target.user("u"), "n" + i))));
        }
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("22021").doesNotContain("nul");
                });
        assertThat(good.stream().map(f -> f.join().get(0).item().seq()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }
}
