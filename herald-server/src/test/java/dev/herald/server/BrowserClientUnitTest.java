package dev.herald.server;

import dev.herald.server.support.NodeModules;
import dev.herald.server.support.NodeScript;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * herald.js's own tests (parser, backoff, circuit, watchdog, resume, tokens, tab sharing; Node's test
 * runner with fake timers), the React hook's, and the type tests of its hand-written .d.ts files
 * ({@code tsc --strict}), run as part of {@code ./mvnw verify}: the hub serves those very files. Its
 * smoke tests run against a real hub started here. Its dev dependencies (React, TypeScript) are
 * installed first when they are missing or stale ({@link NodeModules}).
 */
class BrowserClientUnitTest {
    private static final Path PACKAGE = Path.of("..", "herald-js").toAbsolutePath().normalize();

    @Test
    void theBrowserClientsUnitTestsPass() throws Exception {
        NodeScript.require(NodeScript.nodeInstalled(), "Node.js");
        NodeModules.ensureInstalled(PACKAGE);
        NodeScript.require(Files.isDirectory(PACKAGE.resolve("node_modules/react")), "React for the useHerald tests");
        NodeScript.require(Files.isDirectory(PACKAGE.resolve("node_modules/typescript")), "TypeScript for the type tests");
        assertThat(Files.isDirectory(PACKAGE.resolve("test"))).as(PACKAGE + "/test").isTrue();
        // Short heartbeats, so the smoke test of the watchdog against real heartbeats runs too.
        try (TestHub hub = TestHub.start(Map.of("--heartbeat-ms", "1000"))) {
            NodeScript.Result result = NodeScript.run(PACKAGE, Map.of(
                    "HERALD_URL", "http://127.0.0.1:" + hub.server().port(),
                    "HERALD_API_KEY", TestHub.API_KEY), 300, "--test", "test/");
            assertThat(result.exitCode()).as(result.output()).isZero();
            // A run that found no tests also exits 0: make sure they ran, the real-hub ones included.
            assertThat(result.output()).containsPattern("# pass [1-9]").contains("# fail 0").contains("# skipped 0");
        }
    }
}
