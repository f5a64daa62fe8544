package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stats, presence, token minting, health, metrics, and JSON for unknown routes. */
class OpsTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void statsAndPresenceCountOpenStreams() throws Exception {
        long published = hub.stat("published");
        long delivered = hub.stat("delivered");
        try (TestStream a = hub.stream("ops-a"); TestStream a2 = hub.stream("ops-a"); TestStream b = hub.stream("ops-b")) {
            JsonNode stats = TestHub.json(hub.get("/v1/stats"));
            assertThat(stats.get("connections").asInt()).isEqualTo(3);
            assertThat(stats.get("users").asInt()).isEqualTo(2);
            assertThat(stats.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
            JsonNode presence = TestHub.json(hub.get("/v1/users/ops-a/presence"));
            assertThat(presence.get("connections").asInt()).isEqualTo(2);
            assertThat(presence.get("online").asBoolean()).isTrue();
            assertThat(TestHub.json(hub.get("/v1/users/nobody/presence")).get("connections").asInt()).isZero();

            hub.notify("ops-a", "counted");
            a.awaitEvent("notification", Duration.ofSeconds(5));
            a2.awaitEvent("notification", Duration.ofSeconds(5));
            assertThat(hub.stat("published")).isEqualTo(published + 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.stat("delivered") == delivered + 2);

            // Latency of what was just written, recent percentiles in ms.
            JsonNode after = TestHub.json(hub.get("/v1/stats"));
            assertThat(after.get("publishToWriteP50Ms").asDouble()).isPositive();
            assertThat(after.get("publishToWriteP99Ms").asDouble())
                    .isGreaterThanOrEqualTo(after.get("publishToWriteP50Ms").asDouble());
            assertThat(after.get("nodes").get(0).get("publishToWriteP99Ms").isNumber()).isTrue();

            // Who is online, most streams first.
            JsonNode online = TestHub.json(hub.get("/v1/presence?limit=1"));
            assertThat(online.get("total").asInt()).isEqualTo(2);
            assertThat(online.get("users")).hasSize(1);
            assertThat(online.get("users").get(0).get("userId").asText()).isEqualTo("ops-a");
            assertThat(online.get("users").get(0).get("connections").asInt()).isEqualTo(2);
            assertThat(TestHub.json(hub.get("/v1/presence")).get("users")).hasSize(2);
            for (String bad : new String[]{"0", "1001", "x", "-1"}) {
                var r = hub.get("/v1/presence?limit=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("invalid_request");
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.stat("connections") == 0);
    }

    @Test
    void presenceOfAUserIdWithSpecialCharacters() {
        var r = hub.get("/v1/users/" + java.net.URLEncoder.encode("a b/c", java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/presence");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(r).get("userId").asText()).isEqualTo("a b/c");
    }

    @Test
    void mintedTokensOpenStreamsForThatUser() throws Exception {
        var r = hub.post("/v1/tokens", "{\"userId\":\"minted\",\"ttlSeconds\":120}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode body = TestHub.json(r);
        assertThat(body.get("userId").asText()).isEqualTo("minted");
        Instant expires = Instant.parse(body.get("expiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(130));
        // expiresAt is exactly the token's own exp claim.
        long exp = com.nimbusds.jwt.SignedJWT.parse(body.get("token").asText()).getJWTClaimsSet().getExpirationTime().getTime();
        assertThat(expires.toEpochMilli()).isEqualTo(exp);
        try (TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + body.get("token").asText()).GET().build())) {
            assertThat(s.awaitEvent("connected", Duration.ofSeconds(5)).data()).contains("\"userId\":\"minted\"");
        }
    }

    @Test
    void badTokenRequestsAreRejected() {
        for (String bad : new String[]{"{}", "{\"userId\":\"\"}", "{\"userId\":\"u\",\"ttlSeconds\":0}",
                "{\"userId\":\"u\",\"ttlSeconds\":99999999}", "{\"userId\":\"u\",\"role\":\"admin\"}", "{\"userId\":7}"}) {
            var r = hub.post("/v1/tokens", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            assertThat(TestHub.json(r).at("/error/code").asText()).isEqualTo("validation_failed");
        }
    }

    @Test
    void healthNeedsNoAuth() {
        var r = hub.send(HttpRequest.newBuilder(hub.uri("/health")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(r).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        hub.notify("metrics-user", "m");
        var r = hub.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("herald_connections ", "herald_published_total ", "herald_delivered_total ",
                "herald_slow_streams_dropped_total ", "herald_publish_to_write_seconds_bucket",
                "jvm_memory_used_bytes");
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        var notFound = hub.get("/v2/nothing");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(TestHub.json(notFound).at("/error/code").asText()).isEqualTo("not_found");
        var wrongMethod = hub.send(HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                .header("Authorization", "Bearer " + TestHub.API_KEY).GET().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(TestHub.json(wrongMethod).at("/error/code").asText()).isEqualTo("method_not_allowed");
    }
}
