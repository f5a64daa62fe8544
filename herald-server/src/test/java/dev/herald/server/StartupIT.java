package dev.herald.server;

import dev.herald.server.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a restart of the packaged hub skips: Flyway when the schema is current, and writing SQLite's
 * native library out again (it is loaded from the copy in the data directory). Both are checked from
 * outside: the node's debug log and the process's memory map.
 */
class StartupIT {
    @TempDir
    Path workDir;

    @Test
    void aRestartSkipsFlywayAndLoadsSqliteFromTheDataDirectory() throws Exception {
        Path data = workDir.resolve("data");
        List<String> first = run(data);
        assertThat(first).as("a new database is migrated").noneMatch(l -> l.contains("Flyway not run"));

        List<String> second = run(data);
        assertThat(second).as("the schema is current").anyMatch(l -> l.contains("Flyway not run"));
        // Logging is set up in code (LogSetup): the lines still look as they always did.
        assertThat(second).anyMatch(l -> l.matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[node-[a-z0-9]+] dev\\.herald\\.server\\.Main - Herald .* listening on .*"));
        assertThat(second).as("libraries stay at WARN even at DEBUG").noneMatch(l -> l.matches(".* DEBUG \\[[^]]*] i\\.[nv]\\..*"));
    }

    /** Starts the hub on {@code data}, checks where SQLite's library came from, stops it; returns its log. */
    private List<String> run(Path data) throws Exception {
        try (HubProcess hub = HubProcess.start(workDir, Map.of("HERALD_DATA_DIR", data.toString(), "HERALD_PORT", "0",
                "HERALD_LOG_LEVEL", "DEBUG"))) {
            hub.awaitPort(Duration.ofSeconds(30));
            Path maps = Path.of("/proc", Long.toString(hub.process().pid()), "maps");
            if (Files.isReadable(maps)) {
                String lib = data.resolve(".lib").toRealPath().toString();
                assertThat(Files.readAllLines(maps)).as("libsqlitejdbc mapped from the data directory")
                        .anyMatch(l -> l.contains("libsqlitejdbc") && l.contains(lib))
                        .noneMatch(l -> l.contains("libsqlitejdbc") && !l.contains(lib));
            }
            hub.sigterm();
            assertThat(hub.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(hub.out()).as("stdout has the banner only; logs go to stderr")
                    .isNotEmpty().noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d.*"));
            return List.copyOf(hub.err());
        }
    }
}
