package dev.herald.server.support;

import dev.herald.server.support.TestHub.StoreKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the {@code *Checks} classes that run once per store: one hub on {@link #store()} for the
 * whole class, started before its first test and closed after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PerStoreHub {
    protected TestHub hub;

    /** The store this run of the checks uses (a subclass per store picks it). */
    protected abstract StoreKind store();

    @BeforeAll
    void startHub() {
        hub = TestHub.start(store());
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }
}
