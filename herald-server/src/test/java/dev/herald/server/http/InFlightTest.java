package dev.herald.server.http;

import dev.herald.core.HeraldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate between accepted writes and a graceful stop. */
class InFlightTest {

    @Test
    void aWriteEnteredBeforeTheDrainIsWaitedFor() throws Exception {
        Lifecycle lifecycle = new Lifecycle();
        InFlight inFlight = new InFlight();
        inFlight.enter(lifecycle);
        lifecycle.beginDrain();
        assertThat(inFlight.awaitIdle(50)).isFalse();
        inFlight.end();
        assertThat(inFlight.awaitIdle(50)).isTrue();
    }

    @Test
    void aWriteAfterTheDrainIsRefusedAndLeavesNothingCounted() throws Exception {
        Lifecycle lifecycle = new Lifecycle();
        InFlight inFlight = new InFlight();
        lifecycle.beginDrain();
        assertThatThrownBy(() -> inFlight.enter(lifecycle)).isInstanceOf(HeraldException.class)
                .hasMessageContaining("shutting down");
        // Counted first, then refused: the count must be back to zero, or the stop would wait out its grace.
        assertThat(inFlight.awaitIdle(0)).isTrue();
    }

    @Test
    void aWriteRefusedByItsOwnChecksIsNoLongerCounted() throws Exception {
        Lifecycle lifecycle = new Lifecycle();
        InFlight inFlight = new InFlight();
        assertThatThrownBy(() -> inFlight.enter(lifecycle, () -> {
            throw new IllegalArgumentException("bad body");
        })).hasMessage("bad body");
        assertThat(inFlight.awaitIdle(0)).isTrue();
        assertThat(inFlight.enter(lifecycle, () -> "parsed")).isEqualTo("parsed");
        assertThat(inFlight.awaitIdle(0)).isFalse();
        inFlight.end();
        assertThat(inFlight.awaitIdle(0)).isTrue();
    }
}
