package dev.herald.core;

import dev.herald.core.testing.FuzzTestLayout;
import org.junit.jupiter.api.Test;

class FuzzTestLayoutTest {

    /** Each fuzz test is found by the fuzz executions and really fuzzed there (see {@link FuzzTestLayout}). */
    @Test
    void everyFuzzTestIsAloneInAClassNamedFuzzTest() {
        FuzzTestLayout.check(FuzzTestLayoutTest.class);
    }
}
