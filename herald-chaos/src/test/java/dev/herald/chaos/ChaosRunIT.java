package dev.herald.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seeded 60-second chaos run of {@code ./mvnw verify}: three nodes on their own PostgreSQL and
 * Redis plus a SQLite node, under random faults, then the checker. Longer runs:
 * {@code bin/herald-chaos --minutes 30 --seed S} (docs/reliability.md). The report stays in
 * {@code herald-chaos/target/chaos/}.
 */
class ChaosRunIT {
    /** Any seed would do; this one is fixed so that a failure here can be replayed. */
    static final long SEED = 20261203L;
    /**
     * Every kind but {@code partition-postgres-long}, which holds 31-36 s: drawn first, two of them
     * filled the minute, and the run tested little else (long runs include it).
     */
    static final Set<String> MINUTE_FAULTS = Faults.KINDS.stream().filter(k -> !k.equals("partition-postgres-long"))
            .collect(Collectors.toSet());

    @Test
    void aMinuteOfRandomFaultsLosesDuplicatesAndLeaksNothing() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        String missing = Rig.missing();
        if (missing != null && !ci) {
            System.out.println("SKIPPED ChaosRunIT: " + missing + " (with CI=true this fails instead)");
        }
        assumeTrue(missing == null || ci, missing);
        assertThat(missing).as("what the chaos run needs on this machine").isNull();
        Path jar = Path.of(System.getProperty("herald.jar", "../herald-server/target/herald.jar"));
        assertThat(jar).as("herald.jar, packaged earlier in the reactor").isRegularFile();
        Path out = Path.of(System.getProperty("chaos.out", "target/chaos")).resolve("seed-" + SEED);

        ChaosRun.Result r = ChaosRun.run(ChaosRun.Options.of(SEED, Duration.ofSeconds(60), jar.toAbsolutePath(),
                out.toAbsolutePath()).onlyFaults(MINUTE_FAULTS));
        Report.write(r, out);
        String summary = Report.summary(r);
        System.out.print(summary);

        assertThat(r.anomalies()).as(summary).isEmpty();
        // The run did what it is for: faults of several kinds, and enough traffic across them.
        Set<String> kinds = r.timeline().stream().map(Fault.Event::kind).collect(Collectors.toSet());
        assertThat(r.timeline()).as(summary).hasSizeGreaterThanOrEqualTo(5);
        assertThat(kinds).as(summary).hasSizeGreaterThanOrEqualTo(4);
        assertThat(r.history().publishes.stream().filter(p -> p.outcome() == History.Outcome.ACKED).count())
                .as(summary).isGreaterThanOrEqualTo(200);
        assertThat(r.history().streams.stream().mapToLong(s -> s.connections.size()).sum())
                .as("streams moved between nodes").isGreaterThan(r.history().streams.size());
        assertThat(r.history().snapshots).as("every inbox was read back").hasSameSizeAs(r.history().streams.stream()
                .map(s -> s.user).distinct().toList());
        if (ci) {
            assertThat(r.unavailableFaults()).as("every fault type can run in CI").isEmpty();
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("PASS");
    }
}
