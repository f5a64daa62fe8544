package dev.herald.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code herald-chaos [--minutes M | --seconds S] [--seed N] [--faults KIND,...] [--herald-jar PATH] [--out DIR]}: one run;
 * exit status 0 when the checker found no anomaly, 1 when it did, 2 when the run could not start.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long seed = System.nanoTime();
        Duration duration = Duration.ofMinutes(1);
        Path jar = Path.of("herald-server/target/herald.jar");
        Path out = null;
        java.util.Set<String> faults = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--minutes" -> duration = Duration.ofMinutes(number(a, v));
                case "--seconds" -> duration = Duration.ofSeconds(number(a, v));
                case "--seed" -> seed = number(a, v);
                case "--herald-jar" -> jar = Path.of(need(a, v));
                case "--out" -> out = Path.of(need(a, v));
                case "--faults" -> faults = kinds(need(a, v));
                case "-h", "--help" -> {
                    System.out.println("usage: herald-chaos [--minutes M | --seconds S] [--seed N] [--faults KIND,...] [--herald-jar PATH] [--out DIR]");
                    return;
                }
                default -> fail("unknown option " + a + " (see --help)");
            }
            i++;
        }
        if (!Files.isRegularFile(jar)) {
            fail("no hub jar at " + jar + ": build it (./mvnw -pl herald-server -am package -DskipTests) or give --herald-jar");
        }
        String missing = Rig.missing();
        if (missing != null) {
            fail("cannot run here: " + missing);
        }
        if (out == null) {
            out = Path.of("target", "chaos", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-seed" + seed);
        }
        ChaosRun.Result r = ChaosRun.run(ChaosRun.Options.of(seed, duration, jar.toAbsolutePath(), out.toAbsolutePath())
                .onlyFaults(faults));
        Report.write(r, out);
        System.out.print(Report.summary(r));
        System.out.println("report: " + out.resolve("report.html").toAbsolutePath());
        System.exit(r.passed() ? 0 : 1);
    }

    private static long number(String option, String value) {
        try {
            return Long.parseLong(need(option, value));
        } catch (NumberFormatException e) {
            fail(option + " needs a whole number, not '" + value + "'");
            return 0;
        }
    }

    private static java.util.Set<String> kinds(String list) {
        java.util.Set<String> kinds = new java.util.HashSet<>(java.util.List.of(list.split(",")));
        for (String k : kinds) {
            if (!Faults.KINDS.contains(k)) {
                fail("--faults: no fault is called '" + k + "'; the kinds are " + new java.util.TreeSet<>(Faults.KINDS));
            }
        }
        return kinds;
    }

    private static String need(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("herald-chaos: " + message);
        System.exit(2);
    }
}
