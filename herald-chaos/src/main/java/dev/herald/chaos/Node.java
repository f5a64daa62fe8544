package dev.herald.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hub as a real process ({@code java -jar herald.jar}) on a fixed port, so its clients find it at
 * the same address after every restart. Its output goes to a log file per run directory.
 */
final class Node implements AutoCloseable {
    /** Small and cheap: five JVMs share two cores with PostgreSQL, Redis and the clients. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MaxNewSize=64m");

    final String id;
    final String group;
    final int port;
    private final Path jar;
    private final Path dir;
    private final Path dataDir;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;
    private int starts;

    /** {@code dir} holds the log; {@code dataDir} the node's data (the single node's is the small disk). */
    Node(String id, String group, int port, Path jar, Path dir, Path dataDir, Map<String, String> env) {
        this.id = id;
        this.group = group;
        this.port = port;
        this.jar = jar;
        this.dir = dir;
        this.dataDir = dataDir;
        this.env = env;
    }

    /** Starts the process; {@code clockOffset} (like "+90s") runs it under libfaketime, or null. */
    synchronized void start(String clockOffset) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port), "--data-dir",
                dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        pb.environment().putAll(env);
        if (clockOffset != null) {
            pb.environment().put("LD_PRELOAD", ClockSkew.library().toString());
            pb.environment().put("FAKETIME", clockOffset);
            // The JVM times its own waits with the monotonic clock; skewing it too would hang them.
            pb.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            // Without this, libfaketime 0.9.10 doubles every timed wait of the JVM and burns CPU in it.
            pb.environment().put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        }
        starts++;
        Files.writeString(dir.resolve("node.log"), "=== start " + starts + (clockOffset == null ? "" : " clock "
                + clockOffset) + " ===\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = pb.start();
    }

    /** Waits until {@code /health} answers (ok or degraded); false if the process died or time ran out. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return false;
            }
            if (healthStatus() == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Waits until {@code /health} says "ok" (store and bus both up). */
    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (healthBody().contains("\"status\":\"ok\"")) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private int healthStatus() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String healthBody() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    Path dataDir() {
        return dataDir;
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    void kill9() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    void pause() {
        Signals.send("STOP", process.pid());
    }

    void resume() {
        Signals.send("CONT", process.pid());
    }

    /** SIGTERM (a drain) and waits for the exit; true if it exited within the timeout. */
    boolean drain(Duration timeout) throws InterruptedException {
        Process p = process;
        p.toHandle().destroy();
        return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Process p = process;
        if (p != null) {
            Signals.send("CONT", p.pid()); // a stopped process would not die of SIGKILL until continued on some kernels
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
