package dev.herald.store.sqlite;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreModelContract;
import dev.herald.core.store.StoreOptions;
import net.jqwik.api.lifecycle.AfterTry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

class SqliteStoreModelTest extends StoreModelContract {
    private final List<Path> dataDirs = new ArrayList<>();

    @Override
    protected Store create(StoreOptions options) {
        try {
            Path dir = Files.createTempDirectory("herald-model-");
            dataDirs.add(dir);
            return SqliteStore.open(dir.resolve("data"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected boolean restarts() {
        return true;
    }

    @Override
    protected Store reopen(StoreOptions options) {
        return SqliteStore.open(dataDirs.get(dataDirs.size() - 1).resolve("data"), options);
    }

    @Override
    protected int defaultTries() {
        return 40;
    }

    /** Every try (shrinking's too) has its own database; the run has closed its store. */
    @AfterTry
    void deleteDatabases() throws IOException {
        for (Path dir : dataDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        dataDirs.clear();
    }
}
