package dev.herald.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server of the run's own on a spare port, keeping nothing on disk (like the machine's):
 * a restart comes back empty, which is the case the hub must survive.
 */
final class RedisServer implements AutoCloseable {
    private final Path log;
    private final int port;
    private Process process;

    RedisServer(Path log, int port) {
        this.log = log;
        this.port = port;
    }

    static boolean installed() {
        return Signals.run(List.of("redis-server", "--version"), 10) == 0;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited with " + process.exitValue() + "; see " + log);
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not listen on " + port + " within 30 s");
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }
}
