package dev.herald.server.push;

import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestVapid;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/push/vapid-public-key}: no authentication, the configured or the generated key. */
class VapidPublicKeyRouteTest {
    @Test
    void servesTheConfiguredKeyToAnyone() {
        try (TestHub hub = TestHub.start(Map.of("--vapid-public-key", TestVapid.PUBLIC_KEY,
                "--vapid-private-key", TestVapid.PRIVATE_KEY))) {
            HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri("/v1/push/vapid-public-key")).GET().build());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(TestHub.json(r).get("publicKey").asText()).isEqualTo(TestVapid.PUBLIC_KEY);
            assertThat(r.body()).doesNotContain(TestVapid.PRIVATE_KEY);
        }
    }

    @Test
    void aZeroConfigHubServesTheKeyItGeneratedAndKeepsItAcrossARestart() {
        try (TestHub hub = TestHub.start()) {
            String first = TestHub.json(hub.send(HttpRequest.newBuilder(hub.uri("/v1/push/vapid-public-key")).GET().build()))
                    .get("publicKey").asText();
            assertThat(first).isEqualTo(hub.server().config().vapid().publicKeyText()).isNotEqualTo(TestVapid.PUBLIC_KEY);

            hub.restart();

            String after = TestHub.json(hub.send(HttpRequest.newBuilder(hub.uri("/v1/push/vapid-public-key")).GET().build()))
                    .get("publicKey").asText();
            assertThat(after).isEqualTo(first);
        }
    }
}
