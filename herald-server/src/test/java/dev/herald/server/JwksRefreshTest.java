package dev.herald.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.herald.server.config.JwksSettings;
import dev.herald.server.support.IdpKeys;
import dev.herald.server.support.JwksServer;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static dev.herald.server.support.IdpKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The identity provider's key set over time: a rotation found by the refresh on an unknown key, a storm
 * of unknown keys held to the rate limit, and a provider that hangs, fails or answers garbage, which
 * costs its tokens a quick 401 and never the event loop.
 */
class JwksRefreshTest {
    private static final RSAKey RSA = IdpKeys.rsa("rsa-1");
    private static final RSAKey ROTATED = IdpKeys.rsa("rsa-2");

    private final JwksServer idp = JwksServer.start();
    private TestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        idp.close();
    }

    private void startHub(UnaryOperator<JwksSettings> settings) {
        hub = TestHub.start(Map.of("--jwt-jwks-url", idp.url().toString()),
                config -> config.withJwks(settings.apply(config.jwks())));
    }

    private HttpResponse<String> me(String token, String method, String path, String json) {
        return JwksAuthTest.me(hub, token, method, path, json);
    }

    private static String code(HttpResponse<String> r) {
        return TestHub.json(r).get("error").get("code").asText();
    }

    /** Waits until the hub has the provider's first key set: a token it signs is accepted. */
    private void awaitKeys() {
        String token = sign(RSA, JWSAlgorithm.RS256, "warm");
        await().atMost(Duration.ofSeconds(20)).until(() -> me(token, "GET", "/v1/me/notifications", null).statusCode() == 200);
    }

    @Test
    void aRotatedKeyIsFoundOnTheStreamAndAStormOfUnknownKeysCostsNoMoreFetches() throws Exception {
        idp.serveJwks(List.of(RSA.toPublicJWK()));
        startHub(s -> s.withRefreshInterval(Duration.ofMinutes(2)));
        awaitKeys();
        int before = idp.fetches();

        idp.serveJwks(List.of(RSA.toPublicJWK(), ROTATED.toPublicJWK()));
        try (TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + sign(ROTATED, JWSAlgorithm.RS256, "rotated-user")).build())) {
            assertThat(s.response().statusCode()).as(() -> s.rawText()).isEqualTo(200);
            s.awaitEvent("connected", Duration.ofSeconds(10));
            hub.notify("rotated-user", "after the rotation");
            assertThat(s.awaitEvent("notification", Duration.ofSeconds(10)).data()).contains("after the rotation");
        }
        assertThat(idp.fetches()).isEqualTo(before + 1);

        // Tokens naming keys the provider never had, many at once: the first load and the rotation have
        // used this interval's two fetches, so none of them reaches the provider.
        List<CompletableFuture<HttpResponse<String>>> storm = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String token = sign(IdpKeys.rsa("unknown-" + i), JWSAlgorithm.RS256, "intruder");
            storm.add(CompletableFuture.supplyAsync(() -> me(token, "GET", "/v1/me/notifications", null)));
        }
        for (CompletableFuture<HttpResponse<String>> r : storm) {
            assertThat(r.get().statusCode()).isEqualTo(401);
            assertThat(code(r.get())).isEqualTo("invalid_token");
        }
        assertThat(idp.fetches()).isEqualTo(before + 1).isLessThanOrEqualTo(2);
        // Known keys are still answered at once.
        assertThat(me(sign(ROTATED, JWSAlgorithm.RS256, "rotated-user"), "GET", "/v1/me/notifications", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aBodySentWithATokenWhoseKeyMustBeFetchedArrivesWhole() {
        idp.serveJwks(List.of(RSA.toPublicJWK()));
        startHub(s -> s.withRefreshInterval(Duration.ofMinutes(2)));
        awaitKeys();
        idp.serveJwks(List.of(RSA.toPublicJWK(), ROTATED.toPublicJWK()));
        String token = sign(ROTATED, JWSAlgorithm.RS256, "writer");
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            types.append(i == 0 ? "" : ",").append("\"type-").append(i).append("-").append("x".repeat(40)).append('"');
        }
        String body = "{\"mutedTypes\":[" + types + "]}";
        HttpResponse<String> put = me(token, "PUT", "/v1/me/preferences", body);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(TestHub.json(put).get("mutedTypes")).hasSize(100);
        // The same connection goes on serving: the paused request was resumed and ended.
        HttpResponse<String> read = me(token, "GET", "/v1/me/preferences", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(read).get("mutedTypes").get(99).asText()).startsWith("type-99-");
    }

    @Test
    void aSilentProviderCostsItsTokensA401AndNeverTheEventLoop() throws Exception {
        idp.goSilent();
        startHub(s -> new JwksSettings(s.url(), s.issuer(), s.audience(), s.userClaim(), Duration.ofMillis(500),
                s.cacheTtl(), Duration.ofSeconds(2), Duration.ofSeconds(6)));
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String token = sign(RSA, JWSAlgorithm.RS256, "waiting-" + i);
            waiting.add(CompletableFuture.supplyAsync(() -> me(token, "GET", "/v1/me/notifications", null)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> idp.fetches() >= 1);

        long start = System.nanoTime();
        HttpResponse<String> health = hub.send(HttpRequest.newBuilder(hub.uri("/health")).build());
        assertThat(health.statusCode()).isEqualTo(200);
        try (TestStream s = hub.stream("hs256-user")) {
            hub.notify("hs256-user", "while the provider hangs");
            assertThat(s.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("while the provider hangs");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waiting).as("the provider's tokens still wait for its keys (answered after %s)", took)
                .noneMatch(CompletableFuture::isDone);

        for (CompletableFuture<HttpResponse<String>> r : waiting) {
            HttpResponse<String> reply = r.get();
            assertThat(reply.statusCode()).isEqualTo(401);
            assertThat(code(reply)).isEqualTo("invalid_token");
        }
    }

    @Test
    void aProviderAnsweringErrorsOrGarbageCostsItsTokensAQuick401UntilItRecovers() {
        idp.answerError();
        startHub(s -> s.withRefreshInterval(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(10)).until(() -> idp.fetches() >= 1);
        String token = sign(RSA, JWSAlgorithm.RS256, "patient");
        assertQuick401(token);
        idp.answerGarbage();
        assertQuick401(token);
        assertQuick401(sign(RSA, JWSAlgorithm.RS256, "patient"));

        idp.serveJwks(List.of(RSA.toPublicJWK()));
        await().atMost(Duration.ofSeconds(20)).until(() -> me(token, "GET", "/v1/me/notifications", null).statusCode() == 200);

        String metrics = hub.get("/metrics").body();
        assertThat(metric(metrics, "herald_jwks_fetches_total")).isGreaterThanOrEqualTo(3);
        assertThat(metric(metrics, "herald_jwks_fetch_failures_total")).isGreaterThanOrEqualTo(2)
                .isLessThan(metric(metrics, "herald_jwks_fetches_total"));
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics"));
    }

    private void assertQuick401(String token) {
        long start = System.nanoTime();
        HttpResponse<String> r = me(token, "GET", "/v1/me/notifications", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo("invalid_token");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
}
