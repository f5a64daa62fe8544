package dev.herald.server.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data sharing archive (AppCDS) of the classes a hub loads while it starts, recorded once per
 * {@code herald.jar} and JDK, for every hub process the tests start. The {@code *IT} tests start the
 * jar dozens of times, and about half of a start's CPU goes to loading, verifying and linking its
 * classes one by one from the jar; from the archive they are mapped at once. Nothing else changes:
 * the same bytecode runs with the same JIT and garbage collector as for users ({@code bin/herald}
 * keeps such an archive too). The JVM checks the archive against the jar before using it and runs
 * without it when it does not fit; if it cannot be recorded, hubs start without one.
 */
final class HubClassArchive {
    private static final long RECORD_TIMEOUT_SECONDS = 180;
    private static List<String> options;

    private HubClassArchive() {
    }

    /** The JVM options that make a hub start from the archive (recording it first if needed), or none. */
    static synchronized List<String> options() {
        if (options == null) {
            options = prepare(Path.of(HubProcess.JAR).toAbsolutePath());
        }
        return options;
    }

    /** Whether {@code jvmOptions} already say something about class-data sharing: then they decide. */
    static boolean chosenIn(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(o -> o.startsWith("-Xshare") || o.contains("SharedArchiveFile")
                || o.contains("ArchiveClassesAtExit"));
    }

    private static List<String> prepare(Path jar) {
        try {
            if (!Files.isRegularFile(jar)) {
                return List.of();
            }
            Path archive = jar.resolveSibling("herald-it.jsa");
            Path keyFile = jar.resolveSibling("herald-it.jsa.key");
            String key = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                    + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
            boolean current = Files.isRegularFile(archive) && Files.isRegularFile(keyFile)
                    && Files.readString(keyFile).equals(key);
            if (!current) {
                Files.deleteIfExists(keyFile);
                record(jar, archive);
                Files.writeString(keyFile, key);
            }
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off");
        } catch (Exception e) {
            System.err.println("[herald-server] hub processes start without a class-data archive: " + e);
            return List.of();
        }
    }

    /**
     * Starts the jar as a user would (zero configuration, a fresh data directory), waits until it
     * listens and stops it with SIGTERM: the JVM writes the classes it loaded as it exits.
     */
    private static void record(Path jar, Path archive) throws Exception {
        Path work = Files.createTempDirectory("herald-cds-");
        Path written = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(written);
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ArchiveClassesAtExit=" + written, "-Xlog:cds*=off", "-jar", jar.toString(),
                    "--port", "0", "--data-dir", work.resolve("data").toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
            Process p = pb.start();
            try {
                CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> readUntilListening(p));
                if (!listening.get(RECORD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the hub exited before it listened (" + p.waitFor() + ")");
                }
                p.toHandle().destroy(); // SIGTERM: a clean exit, during which the archive is written
                if (!p.waitFor(RECORD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the hub did not stop after SIGTERM");
                }
            } finally {
                p.destroyForcibly();
            }
            if (!Files.isRegularFile(written) || Files.size(written) == 0) {
                throw new IllegalStateException("the JVM wrote no archive");
            }
            Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(written);
            deleteTree(work);
        }
    }

    /** Reads the hub's output until its banner says it listens (true) or the output ends (false); drains the rest. */
    private static boolean readUntilListening(Process p) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("listening on http://")) {
                    Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "hub-cds-output");
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
