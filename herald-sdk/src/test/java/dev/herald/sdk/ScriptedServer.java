package dev.herald.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * A tiny HTTP server standing in front of (or instead of) the hub, to make failures happen on cue:
 * it records every request and answers each from a script, e.g. "503, 503, then forward to the real
 * hub". When the script runs out the last step repeats.
 */
final class ScriptedServer implements AutoCloseable {
    /** What the SDK sent. */
    record Recorded(String method, String rawPath, Map<String, List<String>> headers, String body, long atNanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An answer to send: status, body, extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Function<Recorded, Answer>> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Recorded, Answer> last;

    ScriptedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static Function<Recorded, Answer> answer(int status, String body, Map<String, String> headers) {
        return r -> new Answer(status, body, headers);
    }

    /** The hub's own error format. */
    static Function<Recorded, Answer> error(int status, String code) {
        return answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"scripted\"}}", Map.of());
    }

    /** Passes the request on to a real hub and relays its answer, replay header included. */
    static Function<Recorded, Answer> forwardTo(URI hub) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return r -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(hub.resolve(r.rawPath()))
                    .method(r.method(), r.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(r.body()));
            for (String h : List.of("Authorization", "Content-Type", "Accept")) {
                if (r.header(h) != null) {
                    b.header(h, r.header(h));
                }
            }
            try {
                HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(resp.statusCode(), resp.body(), resp.headers().firstValue("Idempotent-Replayed")
                        .map(v -> Map.of("Idempotent-Replayed", v)).orElse(Map.of()));
            } catch (IOException | InterruptedException e) {
                return new Answer(599, e.toString(), Map.of());
            }
        };
    }

    ScriptedServer then(Function<Recorded, Answer> first) {
        script.add(first);
        return this;
    }

    ScriptedServer then(Function<Recorded, Answer> first, Function<Recorded, Answer> second) {
        return then(first).then(second);
    }

    ScriptedServer then(Function<Recorded, Answer> first, Function<Recorded, Answer> second,
                        Function<Recorded, Answer> third) {
        return then(first, second).then(third);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Recorded> requests() {
        return requests;
    }

    private void handle(HttpExchange ex) throws IOException {
        Recorded r = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                Map.copyOf(ex.getRequestHeaders()),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
        requests.add(r);
        Function<Recorded, Answer> step = script.poll();
        if (step == null) {
            step = last;
        } else {
            last = step;
        }
        Answer a = step == null ? new Answer(500, "no script", Map.of()) : step.apply(r);
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.body().startsWith("{")) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
