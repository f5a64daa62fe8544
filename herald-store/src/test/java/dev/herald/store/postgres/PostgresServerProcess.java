package dev.herald.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.herald.core.testing.TestFiles.deleteTree;
import static dev.herald.core.testing.TestFiles.sleep;

/**
 * A dedicated, throwaway PostgreSQL server for fault tests that take the database down: its own data
 * directory in a temp dir, its own free port on 127.0.0.1 (trust auth, user {@code postgres},
 * database {@code test}, fsync off), so {@link #stop()} and {@link #start()} never touch the shared
 * server other tests use. Data survives a stop/start, like a real restart.
 *
 * <p>Uses the newest installation under {@code /usr/lib/postgresql/<version>/bin}. initdb refuses to
 * run as root, so as root the directory belongs to the {@code postgres} OS user and every command runs
 * as that user through {@code runuser}.
 */
public final class PostgresServerProcess implements AutoCloseable {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final int START_ATTEMPTS = 3;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    private int port;
    private boolean running;
    private boolean closed;

    /** Creates the cluster, starts it on a free port and creates database {@code test}. */
    public PostgresServerProcess() throws IOException {
        bin = locateBin();
        asPostgresUser = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("herald-pg-");
        data = dir.resolve("data");
        shutdownHook = new Thread(this::kill, "postgres-server-cleanup");
        try {
            if (asPostgresUser) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            run(bin("initdb"), "-D", data.toString(), "-A", "trust", "-U", "postgres", "--no-sync",
                    "-E", "UTF8", "--locale=C");
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS && !running; attempt++) {
                port = freePort(); // another process may take it before the server binds: try another
                try {
                    pgCtlStart();
                } catch (IOException e) {
                    last = e;
                }
            }
            if (!running) {
                throw last;
            }
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            run(bin("createdb"), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "test");
        } catch (IOException | RuntimeException e) {
            kill();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/test}, the form {@link PostgresUrl} and the server take. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/test";
    }

    /** The temp directory holding the data directory ({@code data}) and the server log; deleted by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Takes the server down ({@code pg_ctl stop -m fast}: open connections are cut); nothing when stopped. */
    public synchronized void stop() throws IOException {
        if (!running) {
            return;
        }
        run(bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", Long.toString(COMMAND_TIMEOUT_SECONDS), "stop");
        running = false;
    }

    /** Starts the server again on the same port and waits until it accepts connections; nothing when running. */
    public synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (running) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS && !running; attempt++) {
            try {
                pgCtlStart();
            } catch (IOException e) {
                last = e; // e.g. the port is still briefly held
                sleep(500L * (attempt + 1));
            }
        }
        if (!running) {
            throw last;
        }
    }

    /** Stops the server if running and deletes its directory; safe to call twice. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (running) {
                kill(); // stop failed: an immediate stop, then the directory goes anyway
            } else {
                deleteTree(dir);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on " + url();
    }

    private void pgCtlStart() throws IOException {
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off";
        Path log = dir.resolve("server.log");
        try {
            run(bin("pg_ctl"), "-D", data.toString(), "-o", options, "-w", "-t", Long.toString(COMMAND_TIMEOUT_SECONDS),
                    "-l", log.toString(), "start");
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\nserver log:\n" + tail(log), e);
        }
        running = true;
    }

    /** At JVM exit, or when the constructor fails: an immediate stop, so no server outlives the tests. */
    private void kill() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
        running = false;
        try {
            deleteTree(dir);
        } catch (UncheckedIOException ignored) {
            // best effort
        }
    }

    /**
     * Runs one command (as the postgres OS user when we are root), bounded by
     * {@link #COMMAND_TIMEOUT_SECONDS}; a failure carries the command's output.
     */
    private String run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of(runuser(), "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Path output = Files.createTempFile("herald-pg-cmd-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(dir.toFile()) // the postgres user may not be allowed into our working directory
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PG")); // no stray PGPORT, PGDATABASE...
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", full), e);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s: " + text);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed with exit " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String bin(String name) {
        return bin.resolve(name).toString();
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl. */
    private static Path locateBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                newest = versions
                        .map(version -> version.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionKey(b.getParent().getFileName().toString())));
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin:"
                        + " install Debian's postgresql package, or run .ci/ensure-postgres"));
    }

    /** "15" → 15, "9.6" → 9.006: numeric order of Debian's version directories. */
    private static double versionKey(String name) {
        String[] parts = name.split("\\.");
        try {
            return Integer.parseInt(parts[0]) + (parts.length > 1 ? Integer.parseInt(parts[1]) / 1000.0 : 0);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "runuser";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
