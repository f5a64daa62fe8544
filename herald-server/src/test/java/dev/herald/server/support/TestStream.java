package dev.herald.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An open SSE stream in a test: a reader thread keeps every raw byte (for byte-exact checks) and
 * every parsed event (for behaviour checks).
 */
public final class TestStream implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final LinkedBlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final SseParser parser = new SseParser();
    private final Thread reader;
    private volatile boolean ended;
    private volatile boolean endedCleanly;

    TestStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[8192];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                String text;
                synchronized (raw) {
                    raw.write(buf, 0, n);
                }
                // Frames are ASCII-safe at boundaries in these tests; decode per chunk.
                text = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (parser) {
                    events.addAll(parser.feed(text));
                }
            }
            endedCleanly = true;
        } catch (IOException ignored) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public String rawText() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    /** The next event, or null after the timeout. */
    public SseEvent next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event that matches, skipping others; fails the test after the timeout. */
    public SseEvent await(Predicate<SseEvent> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseEvent e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within " + timeout + "; raw stream so far:\n" + rawText());
            }
            if (match.test(e)) {
                return e;
            }
        }
    }

    public SseEvent awaitEvent(String name, Duration timeout) throws InterruptedException {
        return await(e -> e.event().equals(name), timeout);
    }

    /** Collects exactly {@code n} events named {@code name}, skipping others. */
    public List<SseEvent> collect(String name, int n, Duration timeout) throws InterruptedException {
        return collect(e -> e.event().equals(name), n, "'" + name + "' events", timeout);
    }

    /** Events the hub sends about the stream itself rather than as items of the log. */
    private static final java.util.Set<String> CONTROL = java.util.Set.of("connected", "reset", "token_expired");

    /** Collects exactly {@code n} items (every event but the control events), in arrival order. */
    public List<SseEvent> collectItems(int n, Duration timeout) throws InterruptedException {
        return collect(e -> !CONTROL.contains(e.event()), n, "items", timeout);
    }

    private List<SseEvent> collect(Predicate<SseEvent> match, int n, String what, Duration timeout)
            throws InterruptedException {
        List<SseEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            SseEvent e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("got " + out.size() + " of " + n + " " + what + " within " + timeout);
            }
            if (match.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Every item up to and including the one with id {@code lastId}, skipping control events; fails
     * on a {@code reset} (the hub must still know the position) or when it does not come in time.
     */
    public List<SseEvent> itemsThrough(String lastId, Duration timeout) throws InterruptedException {
        List<SseEvent> items = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (items.isEmpty() || !items.get(items.size() - 1).id().equals(lastId)) {
            SseEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("items until " + lastId + ": got " + items.size() + " within " + timeout);
            }
            if (e.event().equals("reset")) {
                throw new AssertionError("reset before " + lastId + ": " + e.data());
            }
            if (!CONTROL.contains(e.event())) {
                items.add(e);
            }
        }
        return items;
    }

    /** Everything received so far and not yet taken. */
    public List<SseEvent> drain() {
        List<SseEvent> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /**
     * Waits until the stream has a Last-Event-ID (for a fresh stream: the id-only anchor frame) and
     * returns it; fails unless it has the form {@code <epoch>-<seq>}.
     */
    public String awaitPosition(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lastEventId().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        String id = lastEventId();
        if (!id.matches("[a-z0-9]+-\\d+")) {
            throw new AssertionError("no position within " + timeout + ", last id '" + id + "'; raw stream:\n" + rawText());
        }
        return id;
    }

    public String lastEventId() {
        synchronized (parser) {
            return parser.lastEventId();
        }
    }

    public int comments() {
        synchronized (parser) {
            return parser.comments();
        }
    }

    /** True once the server ended the response (or the connection broke). */
    public boolean ended() {
        return ended;
    }

    /** True if the server ended the response properly (final chunk), not by breaking the connection. */
    public boolean endedCleanly() {
        return endedCleanly;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }
}
