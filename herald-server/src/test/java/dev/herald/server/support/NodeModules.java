package dev.herald.server.support;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Installs a Node.js package's test dependencies before a browser test needs them, so that
 * {@code ./mvnw verify} on a fresh clone runs the browser tests instead of skipping them. Runs
 * {@code npm ci} when {@code node_modules} is missing or older than {@code package-lock.json}
 * (npm records each install in {@code node_modules/.package-lock.json}). Without npm, or when
 * {@code npm ci} fails (offline, say), the test is skipped with the reason, or fails with
 * {@code CI=true} (see {@link NodeScript#require}).
 */
public final class NodeModules {
    private static final long INSTALL_TIMEOUT_SECONDS = 300;

    private NodeModules() {
    }

    /** Makes sure {@code dir}'s dependencies are installed as its lock file says. */
    public static void ensureInstalled(Path dir) throws IOException, InterruptedException {
        ensureInstalled(dir, INSTALL_TIMEOUT_SECONDS);
    }

    /**
     * Like {@link #ensureInstalled(Path)}, with a time limit for {@code npm ci}, and installing again
     * when a file under one of {@code sources} changed since the last install: the packages
     * {@code dir} takes from this repository ({@code file:../../herald-js}), whose copies in
     * {@code node_modules} would otherwise go stale while the lock file stays the same.
     */
    public static void ensureInstalled(Path dir, long timeoutSeconds, Path... sources)
            throws IOException, InterruptedException {
        if (upToDate(dir) && newestChange(sources) <= installedAt(dir)) {
            return;
        }
        NodeScript.require(NodeScript.answers("npm"), "npm (to install the test dependencies of " + dir + ")");
        stderr().println("[herald-server] installing the test dependencies of " + dir + " (npm ci)");
        // --prefer-offline takes what npm's cache has without asking the registry; a short fetch
        // timeout makes an offline machine fail in seconds rather than minutes.
        NodeScript.Result result = NodeScript.exec(dir, Map.of(), timeoutSeconds, List.of("npm", "ci",
                "--no-audit", "--no-fund", "--prefer-offline", "--fetch-retries=1", "--fetch-timeout=20000",
                "--loglevel=error"));
        boolean installed = result.exitCode() == 0 && upToDate(dir);
        NodeScript.require(installed, "an installed " + dir.resolve("node_modules") + " (`npm ci` failed with exit code "
                + result.exitCode() + ": " + firstLines(result.output(), 4) + ")");
    }

    /** Whether {@code node_modules} was installed from the current {@code package-lock.json}. */
    static boolean upToDate(Path dir) throws IOException {
        Path lock = dir.resolve("package-lock.json");
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        return Files.isRegularFile(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0;
    }

    private static long installedAt(Path dir) throws IOException {
        return Files.getLastModifiedTime(dir.resolve("node_modules").resolve(".package-lock.json")).toMillis();
    }

    /** The last modification time of any file under {@code roots} (their node_modules left out). */
    private static long newestChange(Path... roots) throws IOException {
        long newest = 0;
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                newest = Math.max(newest, files
                        .filter(p -> !root.relativize(p).startsWith("node_modules") && Files.isRegularFile(p))
                        .mapToLong(NodeModules::modified).max().orElse(0));
            }
        }
        return newest;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // vanished while we looked: count it as a change
        }
    }

    /** npm names the cause first (npm error code ECONNREFUSED, ...) and adds advice after it. */
    private static String firstLines(String text, int n) {
        return String.join(" | ", text.strip().lines().limit(n).toList());
    }

    /** The real stderr: Surefire captures System.err, and this must reach the terminal. */
    private static PrintStream stderr() {
        return new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    }
}
