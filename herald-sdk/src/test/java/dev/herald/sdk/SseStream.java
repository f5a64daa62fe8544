package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A subscriber for tests: {@code GET /v1/stream} with java.net.http, lines read on a daemon thread and
 * parsed into events (blank line ends an event; comments, i.e. heartbeats, are skipped).
 */
final class SseStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One dispatched event; {@code data} is parsed JSON, {@code text} the data exactly as sent. */
    record SseEvent(String id, String event, JsonNode data, String text) {
    }

    private final int status;
    private final Stream<String> lines;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();

    private SseStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
    }

    /** Opens the stream; returns once the status line and headers are in. */
    static SseStream open(URI base, String token) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        try {
            SseStream s = new SseStream(HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
            if (s.status == 200) {
                Thread reader = new Thread(s::readLoop, "sse-reader");
                reader.setDaemon(true);
                reader.start();
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return status;
    }

    /** The body of a refused stream (an error JSON). */
    String errorBody() {
        return lines.collect(Collectors.joining("\n"));
    }

    private void readLoop() {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        String text = data.substring(0, data.length() - 1);
                        events.add(new SseEvent(id, event == null ? "message" : event, JSON.readTree(text), text));
                    }
                    event = null;
                    data.setLength(0);
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data.append(value).append('\n');
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended or was closed: nothing more will arrive
        }
    }

    void awaitConnected() {
        next("connected", Duration.ofSeconds(5));
    }

    /** The next event with this name (others are dropped), or an AssertionError after the wait. */
    SseEvent next(String eventName, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                SseEvent e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + eventName + "' event within " + wait);
                }
                if (e.event().equals(eventName)) {
                    return e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    SseEvent nextNotification() {
        return next("notification", Duration.ofSeconds(5));
    }

    /** Everything received and not yet consumed. */
    List<SseEvent> drain() {
        List<SseEvent> out = new java.util.ArrayList<>();
        events.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        lines.close();
    }
}
