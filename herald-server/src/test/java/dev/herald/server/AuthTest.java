package dev.herald.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriber tokens and publisher keys: every way to be wrong is a 401 JSON, never a stream. */
class AuthTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static String sign(String secret, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static Date inSeconds(long s) {
        return new Date(System.currentTimeMillis() + s * 1000);
    }

    static Stream<Arguments> badTokens() throws Exception {
        String secret = TestHub.JWT_SECRET;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String noneAlg = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
        return Stream.of(
                Arguments.of("garbage", "not-a-jwt", "invalid_token"),
                Arguments.of("alg none", noneAlg, "invalid_token"),
                Arguments.of("wrong secret", sign("another-secret-0123456789abcdef0123456789", JWSAlgorithm.HS256,
                        new JWTClaimsSet.Builder().subject("u").expirationTime(inSeconds(600)).build()), "invalid_token"),
                Arguments.of("HS512 with the right secret", sign(secret + secret, JWSAlgorithm.HS512,
                        new JWTClaimsSet.Builder().subject("u").expirationTime(inSeconds(600)).build()), "invalid_token"),
                Arguments.of("no exp", sign(secret, JWSAlgorithm.HS256,
                        new JWTClaimsSet.Builder().subject("u").build()), "invalid_token"),
                Arguments.of("no sub", sign(secret, JWSAlgorithm.HS256,
                        new JWTClaimsSet.Builder().expirationTime(inSeconds(600)).build()), "invalid_token"),
                Arguments.of("expired", sign(secret, JWSAlgorithm.HS256,
                        new JWTClaimsSet.Builder().subject("u").expirationTime(inSeconds(-5)).build()), "token_expired"),
                Arguments.of("tampered payload", tamper(sign(secret, JWSAlgorithm.HS256,
                        new JWTClaimsSet.Builder().subject("u").expirationTime(inSeconds(600)).build())), "invalid_token"));
    }

    /** Swaps the payload for one naming another user, keeping the original signature. */
    static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"admin\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    @ParameterizedTest(name = "{0} (header)")
    @MethodSource("badTokens")
    void badTokenInHeaderIs401(String why, String token, String code) {
        assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + token).GET().build()), code);
    }

    @ParameterizedTest(name = "{0} (query)")
    @MethodSource("badTokens")
    void badTokenInQueryIs401(String why, String token, String code) {
        assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream?token=" + token)).GET().build()), code);
    }

    @Test
    void missingTokenIs401() {
        assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream")).GET().build()), "missing_credentials");
        assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Basic dTpw").GET().build()), "missing_credentials");
    }

    @Test
    void tokenInQueryOpensAStream() throws Exception {
        try (var s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream?token=" + hub.token("query-user"))).GET().build())) {
            assertThat(s.response().statusCode()).isEqualTo(200);
            assertThat(s.awaitEvent("connected", java.time.Duration.ofSeconds(5)).data()).contains("\"userId\":\"query-user\"");
        }
    }

    @Test
    void publisherEndpointsNeedTheKey() {
        for (String path : new String[]{"/v1/stats", "/v1/users/u/presence", "/metrics"}) {
            assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri(path)).GET().build()), "missing_credentials");
            assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri(path))
                    .header("Authorization", "Bearer wrong-key-0123456789").GET().build()), "invalid_api_key");
        }
        for (String path : new String[]{"/v1/notifications", "/v1/events", "/v1/tokens"}) {
            assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), "missing_credentials");
            assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri(path)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestHub.API_KEY + "x")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), "invalid_api_key");
        }
    }

    @Test
    void subscriberTokenIsNotAPublisherKey() {
        assertUnauthorized(hub.send(HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + hub.token("u"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"broadcast\":true,\"type\":\"t\",\"title\":\"x\"}")).build()),
                "invalid_api_key");
    }

    private static void assertUnauthorized(HttpResponse<String> r, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(TestHub.json(r).at("/error/code").asText()).isEqualTo(code);
    }
}
