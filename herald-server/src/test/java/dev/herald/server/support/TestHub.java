package dev.herald.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.testing.TestFiles;
import dev.herald.server.HeraldServer;
import dev.herald.server.auth.JwtService;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.http.Json;
import dev.herald.store.postgres.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real hub on a free port for one test class, with helpers that speak real HTTP to it. Its store
 * is the embedded SQLite in a temporary data directory, or PostgreSQL (a fresh schema in the local
 * test database, dropped at close) for tests that run on both stores.
 */
public final class TestHub implements AutoCloseable {
    public static final String API_KEY = "test-publisher-key-0123456789";
    public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";

    /** Which durable store the hub runs on. */
    public enum StoreKind { SQLITE, POSTGRES }

    private volatile HeraldServer server;
    private final HeraldConfig config;
    private final Path dataDir;
    private final String pgSchema;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JwtService jwt;

    private TestHub(HeraldConfig config, Path dataDir, String pgSchema) {
        this.config = config;
        this.dataDir = dataDir;
        this.pgSchema = pgSchema;
        this.jwt = new JwtService(config.jwtSecret());
        try {
            this.server = HeraldServer.start(config);
        } catch (RuntimeException e) {
            deleteData();
            throw e;
        }
    }

    public static TestHub start() {
        return start(Map.of());
    }

    /** Starts with extra settings, e.g. {@code Map.of("--heartbeat-ms", "200")}. */
    public static TestHub start(Map<String, String> flags) {
        return start(StoreKind.SQLITE, flags);
    }

    public static TestHub start(StoreKind store) {
        return start(store, Map.of());
    }

    /** Starts on the given store with extra settings. */
    public static TestHub start(StoreKind store, Map<String, String> flags) {
        return start(store, flags, UnaryOperator.identity());
    }

    /**
     * Starts with extra settings and then a change to the configuration that no flag makes (e.g. an
     * identity provider's refresh interval short enough for a test).
     */
    public static TestHub start(Map<String, String> flags, UnaryOperator<HeraldConfig> adjust) {
        return start(StoreKind.SQLITE, flags, adjust);
    }

    private static TestHub start(StoreKind store, Map<String, String> flags, UnaryOperator<HeraldConfig> adjust) {
        try {
            Path dir = Files.createTempDirectory("herald-test");
            String schema = store == StoreKind.POSTGRES ? TestPostgres.newSchema() : null;
            Map<String, String> all = new LinkedHashMap<>();
            all.put("--port", "0");
            all.put("--data-dir", dir.toString());
            all.put("--api-keys", API_KEY);
            all.put("--jwt-secret", JWT_SECRET);
            // Rate limits refill with time, so a test that writes fast would pass or not depending on
            // the machine's speed. They are off unless a test sets them (RateLimitTest does); their
            // defaults are checked where the configuration is read (ConfigLoaderTest).
            all.put("--publish-rate", "off");
            all.put("--subscriber-write-rate", "off");
            if (schema != null) {
                all.put("--postgres-url", TestPostgres.urlFor(schema));
            }
            all.putAll(flags);
            List<String> args = new ArrayList<>();
            all.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
            HeraldConfig config = adjust.apply(new ConfigLoader().load(args.toArray(String[]::new), Map.of()));
            return new TestHub(config, dir, schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HeraldServer server() {
        return server;
    }

    /**
     * Stops the node gracefully and starts a new one on the same store (same data directory or
     * schema, same secrets) on a new free port: a restart as an operator would do it.
     */
    public void restart() {
        server.close();
        server = HeraldServer.start(config);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    public HttpClient http() {
        return http;
    }

    public String token(String userId) {
        return jwt.mint(userId, Duration.ofHours(1));
    }

    public String token(String userId, Duration ttl) {
        return jwt.mint(userId, ttl);
    }

    /** POSTs JSON with the publisher key. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> notify(String userId, String title) {
        return post("/v1/notifications",
                "{\"userId\":" + Json.string(userId) + ",\"type\":\"test\",\"title\":" + Json.string(title) + "}");
    }

    /** A request to the user's own API ({@code /v1/me/...}) with their subscriber token; json may be null. */
    public HttpResponse<String> asUser(String userId, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(userId));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Publishes and returns the reply's id, failing unless the hub answered 202. */
    public String publishId(String path, String json) {
        HttpResponse<String> r = post(path, json);
        if (r.statusCode() != 202) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json(r).get("id").asText();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).GET().build());
    }

    /**
     * Sends the request and checks the exchange against docs/openapi.yaml ({@link OpenApiContract}):
     * every test that speaks to a hub through here is also a contract test.
     */
    public HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    /** {@link #send(HttpRequest)} with any client, to any hub (one a test started itself, or a process). */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            OpenApiContract.get().assertHolds(Exchange.of(request, RequestBodies.read(request), r.statusCode(),
                    r.headers(), r.body()));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a stream for the user and waits for its {@code connected} event. */
    public TestStream stream(String userId) throws InterruptedException {
        return stream(userId, "", null);
    }

    public TestStream stream(String userId, String query, String lastEventId) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v1/stream" + query))
                .header("Authorization", "Bearer " + token(userId))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        TestStream s = open(b.build());
        if (s.response().statusCode() != 200) {
            throw new AssertionError("stream for " + userId + " answered " + s.response().statusCode() + ": " + s.rawText());
        }
        s.awaitEvent("connected", Duration.ofSeconds(5));
        return s;
    }

    /** Opens any request as a stream without waiting for anything. */
    public TestStream open(HttpRequest request) {
        return openStream(http, request);
    }

    /**
     * Opens a stream on a hub at {@code port} (e.g. one started as a process) with a subscriber token
     * and an optional Last-Event-ID; fails unless it answers 200, then waits for {@code connected}.
     */
    public static TestStream streamAt(HttpClient http, int port, String token, String lastEventId, Duration wait)
            throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stream"))
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null && !lastEventId.isEmpty()) {
            b.header("Last-Event-ID", lastEventId);
        }
        TestStream s = openStream(http, b.build());
        if (s.response().statusCode() != 200) {
            throw new AssertionError("stream on port " + port + " answered " + s.response().statusCode() + ": " + s.rawText());
        }
        s.awaitEvent("connected", wait);
        return s;
    }

    /**
     * Opens a stream with any client (e.g. against a hub started as a process); its status and
     * headers are checked against docs/openapi.yaml, its body (a stream) is not.
     */
    public static TestStream openStream(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            TestStream stream = new TestStream(r);
            try {
                OpenApiContract.get().assertHolds(Exchange.of(request, RequestBodies.read(request), r.statusCode(),
                        r.headers(), null));
            } catch (AssertionError e) {
                stream.close();
                throw e;
            }
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    /** Reads a stats figure, e.g. {@code stat("published")}. */
    public long stat(String name) {
        return json(get("/v1/stats")).get(name).asLong();
    }

    @Override
    public void close() {
        server.close();
        deleteData();
    }

    private void deleteData() {
        if (pgSchema != null) {
            TestPostgres.dropSchema(pgSchema);
        }
        TestFiles.deleteTree(dataDir);
    }

}
