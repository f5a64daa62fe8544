package dev.herald.store.sqlite;

import dev.herald.core.store.PushSubscriptionsContract;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqlitePushSubscriptionsTest extends PushSubscriptionsContract {
    @TempDir
    Path root;
    private int created;

    @Override
    protected Store create(StoreOptions options) {
        return SqliteStore.open(root.resolve("data" + ++created), options);
    }
}
