package dev.herald.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A built Next.js app served by {@code next start} as a real process on 127.0.0.1, for the tests of
 * {@code examples/nextjs}. Closing it ends the process and everything it started.
 */
public final class NextApp implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private NextApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code next start} in {@code dir} (built before) on {@code port} with extra environment. */
    public static NextApp start(Path dir, int port, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile("herald-next-", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("node", "node_modules/next/dist/bin/next", "start",
                "--port", Integer.toString(port), "--hostname", "127.0.0.1"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_") || k.startsWith("NEXT_PUBLIC_"));
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        return new NextApp(process, log, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until the app answers a page request (or the process died: then the assertion says why). */
    public void awaitReady(Duration timeout) {
        // HTTP/1.1: an HTTP/2 client's "Upgrade: h2c" makes Node's server treat the request as an upgrade.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> !process.isAlive() || answers(http));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("next start did not answer GET / with 200 within " + timeout + ":\n" + output(), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError("next start exited with " + process.exitValue() + ":\n" + output());
        }
    }

    private boolean answers(HttpClient http) {
        try {
            HttpResponse<Void> reply = http.send(HttpRequest.newBuilder(URI.create(url() + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return reply.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the app printed so far (its server log: errors of route handlers and actions). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Ends next start and its children; safe to call twice. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file: the system cleans it eventually
            }
        }
    }
}
