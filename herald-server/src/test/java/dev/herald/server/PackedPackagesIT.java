package dev.herald.server;

import dev.herald.server.support.NodeScript;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two npm packages as a team gets them: {@code npm pack} of herald-js and herald-node (holding
 * their modules, declarations and styles, none of their tests), installed
 * from the tarballs into a fresh project with TypeScript from the registry, type-checked with
 * {@code tsc --strict} (bundler and NodeNext resolution) and imported in Node, where they talk to each
 * other through a real hub ({@code src/test/consumer/run.mjs}).
 */
class PackedPackagesIT {
    private static final Path CONSUMER = Path.of("src", "test", "consumer").toAbsolutePath();

    @Test
    void thePackedPackagesInstallTypeCheckAndRunInAFreshProject() throws Exception {
        NodeScript.require(NodeScript.nodeInstalled(), "Node.js");
        NodeScript.require(NodeScript.answers("npm"), "npm (to pack and install the packages)");
        try (TestHub hub = TestHub.start()) {
            NodeScript.Result result = NodeScript.run(CONSUMER, Map.of(
                    "HERALD_URL", "http://127.0.0.1:" + hub.server().port(),
                    "HERALD_API_KEY", TestHub.API_KEY), 900, "run.mjs");
            // run.mjs exits with 3 when npm could not install from the registry (offline): a missing
            // tool, not a broken package.
            NodeScript.require(result.exitCode() != 3, "the npm registry (" + lastLine(result.output()) + ")");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).as(result.output())
                    .containsPattern("consumer-check: herald-client-[^ ]+\\.tgz: \\d+ files")
                    .containsPattern("consumer-check: herald-node-[^ ]+\\.tgz: \\d+ files")
                    .contains("consumer-check: tsc --strict (bundler resolution) passed")
                    .contains("consumer-check: tsc --strict (NodeNext resolution) passed")
                    .contains("consumer-check: @herald/node published, @herald/client received it")
                    .contains("consumer-check: all passed");
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
