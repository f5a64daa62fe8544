package dev.herald.store.postgres;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link RequiresPostgres} for jqwik properties, which run no Jupiter extensions: the same probe and
 * the same rule ({@link TestPostgres#skipReason()}), skipped visibly without PostgreSQL, failing
 * with {@code CI=true}. Add it to the class with {@code @AddLifecycleHook(PostgresAvailable.class)}.
 */
public final class PostgresAvailable implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        String reason = TestPostgres.skipReason();
        return reason == null ? SkipResult.doNotSkip() : SkipResult.skip(reason);
    }
}
