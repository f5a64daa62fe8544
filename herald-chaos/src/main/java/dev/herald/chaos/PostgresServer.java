package dev.herald.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL instance of the run's own, made with {@code initdb} and run with {@code pg_ctl} on a
 * spare port, so that restarting it with {@code -m immediate} (a crash: no checkpoint, recovery from
 * the WAL) touches nothing else on the machine. fsync is off: the run crashes the server, never the
 * operating system, so what PostgreSQL wrote is in the page cache either way, and the disk is spared.
 */
final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private boolean started;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** The directory holding initdb and pg_ctl, or null if PostgreSQL's server programs are not installed. */
    static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Path::compareTo).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static PostgresServer create(Path bin, Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        PostgresServer pg = new PostgresServer(bin, dir, port);
        if (Signals.isRoot()) {
            Signals.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        Path log = dir.resolve("initdb.log");
        int status = Signals.run(Signals.as("postgres", List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(),
                "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")), 120, log);
        if (status != 0) {
            throw new IOException("initdb failed (status " + status + "); see " + log);
        }
        return pg;
    }

    String jdbcUrl(int viaPort) {
        return "jdbc:postgresql://127.0.0.1:" + viaPort + "/postgres?user=postgres";
    }

    int port() {
        return port;
    }

    void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "120", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
        int status = Signals.run(Signals.as("postgres", cmd), 150);
        if (status != 0) {
            throw new IOException("pg_ctl start failed (status " + status + "); see " + dir.resolve("postgres.log"));
        }
        started = true;
    }

    /** A crash: the server stops at once, without a checkpoint; the next start recovers from the WAL. */
    void crash() {
        Signals.run(Signals.as("postgres", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                "immediate", "-w", "stop")));
    }

    @Override
    public void close() {
        if (started) {
            started = false;
            crash();
        }
    }
}
