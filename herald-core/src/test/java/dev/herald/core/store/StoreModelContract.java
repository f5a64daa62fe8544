package dev.herald.core.store;

import dev.herald.core.store.model.Command;
import dev.herald.core.store.model.Commands;
import dev.herald.core.store.model.ModelRun;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.List;

/**
 * The {@link Store} contract as a property (jqwik): random interleavings of publishes, resumes,
 * inbox changes and reads, preferences, publisher edits, time passing and retention, run on a
 * fresh store and on {@link MemoryStore}, the model; every answer must look the same (see
 * {@link ModelRun}). Every durable store runs it by extending it and saying how to make a fresh,
 * empty store. Seed and tries: {@link ModelRunSettings}.
 */
public abstract class StoreModelContract {

    /** A fresh, empty store with the given options; the run closes it. */
    protected abstract Store create(StoreOptions options);

    /** How many runs {@code ./mvnw verify} makes: a few seconds of this store's time. */
    protected int defaultTries() {
        return 20;
    }

    // Edge cases off: each try costs a fresh database, and the generated runs already aim at the
    // edges that matter here (window boundaries, positions at and around the horizon and head).
    @Property(edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ModelRunSettings.class)
    void everyAnswerMatchesTheModel(@ForAll("runs") List<Command> commands) {
        try (ModelRun run = new ModelRun(new MemoryStore(ModelRun.OPTIONS), create(ModelRun.OPTIONS))) {
            run.run(commands);
        }
    }

    @Provide
    Arbitrary<List<Command>> runs() {
        return Commands.runs(ModelRunSettings.commands());
    }
}
