package dev.herald.server;

import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS: named origins echoed with credentials, * without, others get nothing. */
class CorsTest {

    @Test
    void namedOriginsAreEchoedWithCredentials() {
        try (TestHub hub = TestHub.start(Map.of("--cors-origins", "https://app.example.com,http://localhost:3000"))) {
            var preflight = hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization,last-event-id").build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
            assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
            assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse(""))
                    .contains("Authorization").contains("Last-Event-ID");

            var health = hub.send(HttpRequest.newBuilder(hub.uri("/health")).header("Origin", "http://localhost:3000").GET().build());
            assertThat(health.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
            // A page on another origin can read when to come back after a 429 or 503.
            assertThat(health.headers().firstValue("access-control-expose-headers").orElse(""))
                    .contains("Retry-After").contains("RateLimit-Remaining");

            var other = hub.send(HttpRequest.newBuilder(hub.uri("/health")).header("Origin", "https://evil.example").GET().build());
            assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
            var otherPreflight = hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "GET").build());
            assertThat(otherPreflight.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void wildcardNeverAllowsCredentials() {
        try (TestHub hub = TestHub.start(Map.of("--cors-origins", "*"))) {
            var r = hub.send(HttpRequest.newBuilder(hub.uri("/health")).header("Origin", "https://any.example").GET().build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(r.headers().firstValue("access-control-allow-credentials")).isEmpty();
        }
    }

    @Test
    void noOriginsConfiguredMeansNoCorsHeaders() {
        try (TestHub hub = TestHub.start()) {
            var r = hub.send(HttpRequest.newBuilder(hub.uri("/health")).header("Origin", "https://app.example.com").GET().build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
    }
}
