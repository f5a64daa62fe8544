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
 * The Node publisher SDK's tests ({@code herald-node}, Node's test runner), run as part of
 * {@code ./mvnw verify} against real hubs started here: one as the tests' hub, and one whose publish
 * rate is 1 a minute, so that a second publish gets a real {@code 429 rate_limited} with a
 * {@code Retry-After} longer than the SDK will wait. The retry timings run against a local HTTP
 * server inside the Node tests. The dev dependencies (TypeScript, for the type test) are installed
 * first when missing or stale ({@link NodeModules}).
 */
class NodeSdkTest {
    private static final Path PACKAGE = Path.of("..", "herald-node").toAbsolutePath().normalize();

    @Test
    void theNodeSdksTestsPassAgainstARealHub() throws Exception {
        NodeScript.require(NodeScript.nodeInstalled(), "Node.js");
        NodeModules.ensureInstalled(PACKAGE);
        NodeScript.require(Files.isRegularFile(PACKAGE.resolve("node_modules/.bin/tsc")), "TypeScript for the type test");
        assertThat(Files.isDirectory(PACKAGE.resolve("test"))).as(PACKAGE + "/test").isTrue();
        try (TestHub hub = TestHub.start();
             TestHub limited = TestHub.start(Map.of("--publish-rate", "1/m"))) {
            NodeScript.Result result = NodeScript.run(PACKAGE, Map.of(
                    "HERALD_URL", "http://127.0.0.1:" + hub.server().port(),
                    "HERALD_LIMITED_URL", "http://127.0.0.1:" + limited.server().port(),
                    "HERALD_API_KEY", TestHub.API_KEY,
                    "HERALD_JWT_SECRET", TestHub.JWT_SECRET), 300, "--test", "test/");
            assertThat(result.exitCode()).as(result.output()).isZero();
            // A run that found no tests also exits 0: make sure they ran, the real-hub ones included.
            assertThat(result.output()).containsPattern("# pass [1-9]").contains("# fail 0").contains("# skipped 0");
        }
    }
}
