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
 * inbox changes and reads, preferences, publisher edits, time passing, retention, restarts and
 * (where the database can be shared) a second node, run on a fresh store and on
 * {@link MemoryStore}, the model; every answer must look the same (see {@link ModelRun}). Every
 * durable store runs it by extending it and saying how to make a fresh, empty store. Seed and
 * tries: {@link ModelRunSettings}.
 */
public abstract class StoreModelContract {

    /** A fresh, empty store with the given options; the run closes it. */
    protected abstract Store create(StoreOptions options);

    /** Whether {@link #reopen} opens the latest database again: runs then restart the store now and then. */
    protected boolean restarts() {
        return false;
    }

    /** Durable stores: opens the database the latest {@link #create} made once more, after its stores closed. */
    protected Store reopen(StoreOptions options) {
        throw new UnsupportedOperationException("this store keeps nothing across restarts");
    }

    /**
     * Stores a cluster shares: one more store on the database the latest {@link #create} made while
     * it stays open (another node), or null (the default) for a store that cannot share its database.
     */
    protected Store anotherNode(StoreOptions options) {
        return null;
    }

    /** How many runs {@code ./mvnw verify} makes: a few seconds of this store's time. */
    protected int defaultTries() {
        return 20;
    }

    // Edge cases off: each try costs a fresh database, and the generated runs already aim at the
    // edges that matter here (window boundaries, positions at and around the horizon and head).
    @Property(edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ModelRunSettings.class)
    void everyAnswerMatchesTheModel(@ForAll("runs") List<Command> commands) {
        ModelRun.Durability durability = new ModelRun.Durability() {
            @Override
            public boolean restarts() {
                return StoreModelContract.this.restarts();
            }

            @Override
            public Store reopen() {
                return StoreModelContract.this.reopen(ModelRun.OPTIONS);
            }

            @Override
            public Store anotherNode() {
                return StoreModelContract.this.anotherNode(ModelRun.OPTIONS);
            }
        };
        try (ModelRun run = new ModelRun(new MemoryStore(ModelRun.OPTIONS), create(ModelRun.OPTIONS), durability)) {
            run.run(commands);
        }
    }

    @Provide
    Arbitrary<List<Command>> runs() {
        return Commands.runs(ModelRunSettings.commands());
    }
}
