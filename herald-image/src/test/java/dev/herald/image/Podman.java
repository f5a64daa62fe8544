package dev.herald.image;

import org.junit.jupiter.api.Assumptions;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the podman CLI for the container tests. Without podman a test is skipped with the reason,
 * unless {@code CI=true}: then it fails, because CI must run the image ({@code .ci/ensure-podman}
 * installs podman).
 */
final class Podman {
    private Podman() {
    }

    /** A finished command: its exit code and everything it printed. */
    record Result(int exitCode, String output) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    static void require() {
        if (answers()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("podman is missing and CI=true: the container test must run in CI"
                    + " (.ci/ensure-podman installs it)");
        }
        new PrintStream(new FileOutputStream(FileDescriptor.err), true)
                .println("[herald-image] podman is missing: skipping the container run (run .ci/ensure-podman)");
        Assumptions.abort("podman is missing: skipping (run .ci/ensure-podman; CI=true makes this a failure)");
    }

    /**
     * Options every {@code podman run} here needs. runc, when installed, rather than podman's default
     * crun: crun 1.8 (Debian 12) refuses hosts whose cgroup v2 hierarchy holds a controller beside v1
     * ("cgroups in hybrid mode not supported"), as the CI machines do. Modest open-file and process
     * limits: podman's defaults exceed what a sandbox without CAP_SYS_RESOURCE may set.
     */
    static List<String> runOptions() {
        List<String> options = new ArrayList<>();
        String runtime = System.getenv("HERALD_TEST_PODMAN_RUNTIME");
        if (runtime == null && onPath("runc")) {
            runtime = "runc";
        }
        if (runtime != null && !runtime.isBlank()) {
            options.add("--runtime");
            options.add(runtime);
        }
        options.addAll(List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
        return options;
    }

    /** {@code podman args...}, for at most {@code timeoutSeconds}. */
    static Result exec(long timeoutSeconds, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        Path log = Files.createTempFile("herald-podman-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(" + String.join(" ", command)
                        + " timed out after " + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result exec(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return exec(timeoutSeconds, List.of(args));
    }

    /**
     * A file or directory from a container, as {@code podman cp} hands it over (a tar stream, with the
     * owners the container sees, so this works for rootless podman too).
     */
    static Map<String, TarEntries.Entry> copyOut(String container, String path) throws IOException, InterruptedException {
        Path tar = Files.createTempFile("herald-podman-cp-", ".tar");
        Path err = Files.createTempFile("herald-podman-cp-", ".log");
        try {
            Process p = new ProcessBuilder("podman", "cp", container + ":" + path, "-")
                    .redirectOutput(tar.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("podman cp " + container + ":" + path + " failed: " + Files.readString(err));
            }
            return TarEntries.read(tar, 1 << 20);
        } finally {
            Files.deleteIfExists(tar);
            Files.deleteIfExists(err);
        }
    }

    private static boolean answers() {
        try {
            return exec(30, "--version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
