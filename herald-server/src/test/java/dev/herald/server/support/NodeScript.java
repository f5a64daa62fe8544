package dev.herald.server.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node.js script or test run for the browser tests and returns its output. Without Node.js
 * (or without what the script needs) the test is skipped with the reason, unless {@code CI=true}:
 * then it fails, because CI must run the browser tests ({@code .ci/ensure-browser} installs them).
 */
public final class NodeScript {
    private NodeScript() {
    }

    /** The result of a run: its exit code and everything it printed. */
    public record Result(int exitCode, String output) {
    }

    /** Skips (or, in CI, fails) unless {@code check} holds; {@code what} says what is missing. */
    public static void require(boolean check, String what) {
        if (check) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(what + " is missing and CI=true: the browser tests must run in CI"
                    + " (.ci/ensure-browser installs it)");
        }
        new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true)
                .println("[herald-server] " + what + " is missing: skipping browser tests (run .ci/ensure-browser)");
        Assumptions.abort(what + " is missing: skipping (run .ci/ensure-browser; CI=true makes this a failure)");
    }

    public static boolean nodeInstalled() {
        return answers("node");
    }

    /** Whether {@code program --version} runs and exits with 0. */
    public static boolean answers(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code node args} in {@code dir} with extra environment, for at most {@code timeoutSeconds}. */
    public static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(args));
        return exec(dir, env, timeoutSeconds, command);
    }

    /** Runs {@code command} in {@code dir} with extra environment, for at most {@code timeoutSeconds}. */
    public static Result exec(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("herald-node-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after "
                        + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
