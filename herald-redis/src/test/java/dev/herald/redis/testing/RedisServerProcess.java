package dev.herald.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.testing.TestFiles.deleteTree;
import static dev.herald.core.testing.TestFiles.sleep;

/**
 * A dedicated, throwaway {@code redis-server} for tests that take Redis down: it runs as a child
 * process on a free port of 127.0.0.1, persists nothing, and {@link #stop()} / {@link #start()} take
 * it down and bring it back on the same port, without touching the shared Redis other tests use.
 * A restarted server is empty. Needs {@code redis-server} installed ({@code .ci/ensure-redis} installs
 * it in CI), so tests using it also carry {@link RequiresRedis}.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 5;

    private final String executable;
    private final Path dir;
    private final Path log;
    private final Thread shutdownHook;
    private int port;
    private Process process;
    private boolean closed;

    /** Starts a server on a free port. Throws when {@code redis-server} is missing or does not start. */
    public RedisServerProcess() throws IOException {
        executable = locate();
        dir = Files.createTempDirectory("herald-redis-");
        log = dir.resolve("redis.log");
        shutdownHook = new Thread(this::kill, "redis-server-cleanup");
        try {
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS && process == null; attempt++) {
                port = freePort(); // another process may take it between our probe and redis' bind: try another
                try {
                    launch();
                } catch (IOException e) {
                    last = e;
                }
            }
            if (process == null) {
                throw last;
            }
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}: no password, database 0. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server's working directory (its log is {@code redis.log} there); deleted by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port and waits until it answers PING; nothing when running. */
    public synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                launch();
                return;
            } catch (IOException e) {
                last = e; // e.g. the port is still briefly held: wait and bind again
                sleep(200L * (attempt + 1));
            }
        }
        throw last;
    }

    /**
     * Takes the server down (SIGTERM; killed when it does not exit in time) and returns once the port
     * refuses connections. Open connections are cut. Nothing when already stopped.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MILLIS;
        while (accepts(port)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("redis-server stopped but port " + port + " still accepts connections");
            }
            sleep(50);
        }
    }

    /** Stops the server and deletes its directory; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    @Override
    public String toString() {
        return "redis-server on " + url();
    }

    /** Runs redis-server on {@link #port} and waits for PING from that very process; throws with its log otherwise. */
    private void launch() throws IOException {
        List<String> command = List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString());
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        String problem = "no answer";
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + p.exitValue() + ": " + logTail());
            }
            try {
                TestRedis.ping("127.0.0.1", port);
                long pid = pidOn(port);
                if (pid == p.pid()) {
                    process = p;
                    return;
                }
                problem = "port " + port + " is answered by another redis-server (pid " + pid + ")";
            } catch (IOException e) {
                problem = e.getMessage();
            }
            sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT_MILLIS
                + " ms (" + problem + "): " + logTail());
    }

    /** The {@code process_id} of the server on {@code port} (from {@code INFO server}), to be sure it is ours. */
    private static long pidOn(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("$")) {
                throw new IOException("INFO answered " + header);
            }
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
                if (line.startsWith("# ") && !line.equals("# Server")) {
                    break;
                }
            }
            throw new IOException("INFO server has no process_id");
        }
    }

    /** At JVM exit, so an interrupted test run leaves no server behind. */
    private void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        try {
            deleteTree(dir);
        } catch (UncheckedIOException ignored) {
            // best effort at exit
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code /usr/bin/redis-server}, else the first {@code redis-server} on the PATH. */
    private static String locate() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin/redis-server"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "redis-server"));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed (looked at /usr/bin/redis-server and on the PATH):"
                + " install Debian's redis-server package, or run .ci/ensure-redis");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
