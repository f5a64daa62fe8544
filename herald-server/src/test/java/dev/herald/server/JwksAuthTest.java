package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.server.support.IdpKeys;
import dev.herald.server.support.JwksServer;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.herald.server.support.IdpKeys.claims;
import static dev.herald.server.support.IdpKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriber tokens from an identity provider: a real local JWKS endpoint, a real hub pointed at it,
 * and every rule checked on {@code /v1/stream} and on the user's own API ({@code /v1/me/...}).
 */
class JwksAuthTest {
    private static final RSAKey RSA = IdpKeys.rsa("rsa-1");
    private static final ECKey P256 = IdpKeys.ec("ec-256", Curve.P_256);
    private static final ECKey P384 = IdpKeys.ec("ec-384", Curve.P_384);
    private static final OctetKeyPair ED = IdpKeys.ed25519("ed-1");
    /** Allowed for RS512 only: an RS256 token naming it must be refused. */
    private static final RSAKey RS512_ONLY = new RSAKey.Builder(IdpKeys.rsa("rs512-only")).algorithm(JWSAlgorithm.RS512).build();
    /** Published for encryption: no token may verify with it. */
    private static final RSAKey FOR_ENCRYPTION = new RSAKey.Builder(IdpKeys.rsa("enc-1")).keyUse(KeyUse.ENCRYPTION).build();

    private static JwksServer idp;
    private static TestHub hub;

    @BeforeAll
    static void start() {
        idp = JwksServer.start();
        idp.serveJwks(publicKeys(RSA, P256, P384, ED, RS512_ONLY, FOR_ENCRYPTION));
        hub = TestHub.start(Map.of("--jwt-jwks-url", idp.url().toString(), "--jwt-issuer", IdpKeys.ISSUER,
                "--jwt-audience", IdpKeys.AUDIENCE));
    }

    @AfterAll
    static void stop() {
        hub.close();
        idp.close();
    }

    static List<JWK> publicKeys(JWK... keys) {
        return Stream.of(keys).map(JWK::toPublicJWK).toList();
    }

    static Stream<Arguments> algorithms() {
        return Stream.of(
                Arguments.of(JWSAlgorithm.RS256, RSA), Arguments.of(JWSAlgorithm.RS384, RSA),
                Arguments.of(JWSAlgorithm.RS512, RSA), Arguments.of(JWSAlgorithm.PS256, RSA),
                Arguments.of(JWSAlgorithm.ES256, P256), Arguments.of(JWSAlgorithm.ES384, P384),
                Arguments.of(JWSAlgorithm.EdDSA, ED), Arguments.of(JWSAlgorithm.Ed25519, ED),
                Arguments.of(JWSAlgorithm.RS512, RS512_ONLY));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("algorithms")
    void eachAlgorithmFamilyIsAcceptedOnTheStreamAndTheUsersOwnApi(JWSAlgorithm alg, JWK key) throws Exception {
        String user = "idp-" + alg.getName().toLowerCase() + "-" + key.getKeyID();
        String token = sign(key, alg, user);
        hub.notify(user, "hello " + alg);
        try (TestStream s = stream(token)) {
            assertThat(s.response().statusCode()).as(() -> s.rawText()).isEqualTo(200);
            s.awaitEvent("connected", Duration.ofSeconds(10));
        }
        HttpResponse<String> inbox = me(token, "GET", "/v1/me/notifications", null);
        assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
        assertThat(TestHub.json(inbox).get("items").get(0).get("title").asText()).isEqualTo("hello " + alg);
        HttpResponse<String> put = me(token, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"promo\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(TestHub.json(me(token, "GET", "/v1/me/preferences", null).body()).get("mutedTypes").get(0).asText())
                .isEqualTo("promo");
    }

    static Stream<Arguments> refused() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String noneAlg = b64.encodeToString("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u\",\"iss\":\"" + IdpKeys.ISSUER + "\",\"aud\":\"" + IdpKeys.AUDIENCE
                + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        // The classic confusion: HS256 "signed" with the provider's public key as the HMAC secret.
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims("u").build());
        confused.sign(new MACSigner(RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        SignedJWT confusedDer = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims("u").build());
        confusedDer.sign(new MACSigner(RSA.toRSAPublicKey().getEncoded()));
        RSAKey stranger = IdpKeys.rsa("rsa-1");
        return Stream.of(
                Arguments.of("alg none", noneAlg, "invalid_token"),
                Arguments.of("HS256 signed with the RSA public key (JWK)", confused.serialize(), "invalid_token"),
                Arguments.of("HS256 signed with the RSA public key (DER)", confusedDer.serialize(), "invalid_token"),
                Arguments.of("expired", sign(RSA, JWSAlgorithm.RS256,
                        claims("u").expirationTime(new Date(System.currentTimeMillis() - 5000)).build()), "token_expired"),
                Arguments.of("no exp", sign(RSA, JWSAlgorithm.RS256, claims("u").expirationTime(null).build()), "invalid_token"),
                Arguments.of("wrong issuer", sign(RSA, JWSAlgorithm.RS256, claims("u").issuer("https://evil.test/").build()),
                        "invalid_token"),
                Arguments.of("no issuer", sign(RSA, JWSAlgorithm.RS256, claims("u").issuer(null).build()), "invalid_token"),
                Arguments.of("wrong audience", sign(RSA, JWSAlgorithm.RS256, claims("u").audience("someone-else").build()),
                        "invalid_token"),
                Arguments.of("numeric sub", sign(RSA, JWSAlgorithm.RS256, claims("u").claim("sub", 42).build()), "invalid_token"),
                Arguments.of("another key under a known kid", sign(stranger, JWSAlgorithm.RS256, "u"), "invalid_token"),
                Arguments.of("RS256 with a key published for RS512 only", sign(RS512_ONLY, JWSAlgorithm.RS256, "u"),
                        "invalid_token"),
                Arguments.of("a key published for encryption", sign(FOR_ENCRYPTION, JWSAlgorithm.RS256, "u"), "invalid_token"),
                Arguments.of("ES256 naming an RSA key's kid", sign(P256, JWSAlgorithm.ES256, claims("u").build(),
                        h -> h.keyID("rsa-1")), "invalid_token"),
                Arguments.of("RS256 naming an EC key's kid", sign(RSA, JWSAlgorithm.RS256, claims("u").build(),
                        h -> h.keyID("ec-256")), "invalid_token"),
                Arguments.of("HS384", sign(RSA, JWSAlgorithm.RS256, "u").replaceFirst("^[^.]+",
                        b64.encodeToString("{\"alg\":\"HS384\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8))),
                        "invalid_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void everyWayToBeWrongIsA401OnTheStreamAndTheUsersOwnApi(String name, String token, String code) {
        HttpResponse<String> stream = hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build());
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(401);
        assertThat(TestHub.json(stream).get("error").get("code").asText()).isEqualTo(code);
        HttpResponse<String> get = me(token, "GET", "/v1/me/notifications", null);
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(TestHub.json(get).get("error").get("code").asText()).isEqualTo(code);
        HttpResponse<String> put = me(token, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"x\"]}");
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(TestHub.json(put).get("error").get("code").asText()).isEqualTo(code);
    }

    @Test
    void aTokenWithoutKidIsTriedWithEveryKeyOfItsTypeAndAccessTokenTypesAreAccepted() throws Exception {
        // ES384 without a kid: the P-256 key is of the right type but not the right curve, and is skipped.
        String noKid = sign(P384, JWSAlgorithm.ES384, claims("no-kid").build(), h -> h.keyID(null));
        assertThat(me(noKid, "GET", "/v1/me/notifications", null).statusCode()).isEqualTo(200);
        String noKidRsa = sign(RSA, JWSAlgorithm.PS256, claims("no-kid").build(), h -> h.keyID(null));
        assertThat(me(noKidRsa, "GET", "/v1/me/notifications", null).statusCode()).isEqualTo(200);
        String accessToken = sign(RSA, JWSAlgorithm.RS256, claims("at").build(),
                h -> h.type(new com.nimbusds.jose.JOSEObjectType("at+jwt")));
        assertThat(me(accessToken, "GET", "/v1/me/notifications", null).statusCode()).isEqualTo(200);
        String logoutToken = sign(RSA, JWSAlgorithm.RS256, claims("logout").build(),
                h -> h.type(new com.nimbusds.jose.JOSEObjectType("logout+jwt")));
        HttpResponse<String> refused = me(logoutToken, "GET", "/v1/me/notifications", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(TestHub.json(refused).get("error").get("code").asText()).isEqualTo("invalid_token");
        // EventSource's form: the provider's token in the query string.
        try (TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream?token=" + sign(ED, JWSAlgorithm.EdDSA, "query")))
                .header("Accept", "text/event-stream").build())) {
            assertThat(s.response().statusCode()).as(() -> s.rawText()).isEqualTo(200);
            assertThat(s.awaitEvent("connected", Duration.ofSeconds(10)).data()).contains("\"userId\":\"query\"");
        }
    }

    @Test
    void theHubsOwnHs256TokensStillWorkBesideTheProvidersKeys() throws Exception {
        hub.notify("hs-user", "own token");
        try (TestStream s = hub.stream("hs-user")) {
            assertThat(s.response().statusCode()).isEqualTo(200);
        }
        HttpResponse<String> inbox = hub.asUser("hs-user", "GET", "/v1/me/notifications", null);
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(inbox).get("items").get(0).get("title").asText()).isEqualTo("own token");
        // The hub's own tokens carry no issuer or audience: the provider's rules are not theirs.
        assertThat(TestHub.json(hub.post("/v1/tokens", "{\"userId\":\"minted\"}")).get("token").asText()).isNotEmpty();
    }

    @Test
    void theUserIsTheConfiguredClaimWhenOneIsConfigured() {
        try (JwksServer own = JwksServer.start()) {
            own.serveJwks(publicKeys(RSA));
            try (TestHub custom = TestHub.start(Map.of("--jwt-jwks-url", own.url().toString(),
                    "--jwt-user-claim", "https://example.test/user_id"))) {
                custom.notify("claimed-user", "for the claim");
                custom.notify("sub-user", "for sub");
                String token = sign(RSA, JWSAlgorithm.RS256, claims("sub-user")
                        .claim("https://example.test/user_id", "claimed-user").build());
                HttpResponse<String> inbox = custom.send(HttpRequest.newBuilder(custom.uri("/v1/me/notifications"))
                        .header("Authorization", "Bearer " + token).build());
                assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
                JsonNode items = TestHub.json(inbox).get("items");
                assertThat(items).hasSize(1);
                assertThat(items.get(0).get("title").asText()).isEqualTo("for the claim");
                String without = sign(RSA, JWSAlgorithm.RS256, "sub-user");
                HttpResponse<String> refused = custom.send(HttpRequest.newBuilder(custom.uri("/v1/me/notifications"))
                        .header("Authorization", "Bearer " + without).build());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(TestHub.json(refused).get("error").get("message").asText())
                        .contains("https://example.test/user_id");
                // The hub's own tokens keep sub.
                assertThat(custom.asUser("sub-user", "GET", "/v1/me/notifications", null).statusCode()).isEqualTo(200);
            }
        }
    }

    private static TestStream stream(String token) {
        return hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build());
    }

    private static HttpResponse<String> me(String token, String method, String path, String json) {
        return me(hub, token, method, path, json);
    }

    static HttpResponse<String> me(TestHub on, String token, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(on.uri(path)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return on.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
