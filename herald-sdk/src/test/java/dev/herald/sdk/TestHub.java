package dev.herald.sdk;

import dev.herald.server.HeraldServer;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A real Herald hub in this JVM on a free port, started per test class. */
final class TestHub implements AutoCloseable {
    static final String API_KEY = "test-key-0123456789abcdef";
    private static final String JWT_SECRET = "0123456789abcdef0123456789abcdef0123";

    private final HeraldServer server;
    private final Path dataDir;

    private TestHub(HeraldServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static TestHub start() {
        try {
            Path dir = Files.createTempDirectory("herald-sdk-test");
            HeraldConfig cfg = new ConfigLoader().load(new String[]{"--port", "0", "--data-dir", dir.toString(),
                    "--api-keys", API_KEY, "--jwt-secret", JWT_SECRET}, Map.of());
            return new TestHub(HeraldServer.start(cfg), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** A client with short backoffs so failing tests fail fast. */
    Herald client() {
        return clientBuilder().build();
    }

    Herald.Builder clientBuilder() {
        return Herald.builder().baseUrl(baseUrl()).apiKey(API_KEY).timeout(Duration.ofSeconds(5))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    /** Opens a subscriber stream with a token minted through the SDK, and waits for {@code connected}. */
    SseStream stream(Herald herald, String userId) {
        SseStream s = SseStream.open(baseUrl(), herald.mintToken(userId).token());
        s.awaitConnected();
        return s;
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir: best effort
        }
    }
}
