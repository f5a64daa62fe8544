package dev.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.keys.VerificationKey;
import dev.herald.server.config.JwksSettings;
import dev.herald.server.support.IdpKeys;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * No token verifies unless it was signed with a key the hub trusts. The fuzzer writes raw text, tokens
 * of the right shape with any header ({@code alg} none, HS384, RS256 with an HMAC signature keyed with
 * the provider's public key, an embedded {@code jwk}, {@code crit}...), any payload and any signature,
 * tokens signed with another secret, and real tokens with one character changed. Against the hub's
 * secret alone and against the hub with an identity provider (an RSA and an EC key), every one is
 * refused as {@code invalid_token}, and never with anything but the hub's own error.
 */
class ForgedTokenFuzzTest {
    private static final byte[] SECRET = "the-hub-secret-for-fuzzing-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET = "another-secret-that-is-not-the-hubs!".getBytes(StandardCharsets.UTF_8);
    private static final RSAKey RSA = IdpKeys.rsa("r1");
    private static final ECKey EC = IdpKeys.ec("e1", Curve.P_256);
    private static final JwtService HUB = new JwtService(SECRET);
    private static final JsonNode ATTACKER_JWK = readTree(IdpKeys.ec("attacker", Curve.P_256).toPublicJWK().toJSONString());
    private static final JwtService WITH_PROVIDER = withProvider();
    private static final String[] ALGS = {"HS256", "HS384", "HS512", "none", "None", "NONE", "RS256", "PS256",
        "ES256", "ES384", "ES512", "EdDSA", "Ed25519", "", "hs256"};
    private static final String[] KIDS = {"r1", "e1", "", "../r1"};

    /** A real token to tamper with, valid for longer than any fuzz run lasts. */
    private static final String MINTED = HUB.mint("u1", Duration.ofDays(3650));

    @FuzzTest(maxExecutions = 5000)
    void noTokenVerifiesWithoutATrustedKey(FuzzedDataProvider in) {
        String minted = MINTED;
        String token = switch (in.consumeInt(0, 3)) {
            case 0 -> in.consumeRemainingAsString();
            case 1 -> tampered(minted, in);
            default -> shaped(in);
        };
        for (JwtService service : List.of(HUB, WITH_PROVIDER)) {
            try {
                service.verify(token);
                // Only the real token itself, unchanged (a tamper may have changed nothing).
                assertThat(token).as("verified a token nobody signed: %s", TokenText.escaped(token)).isEqualTo(minted);
            } catch (HeraldException e) {
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_TOKEN);
            }
        }
    }

    /** A real token with one character replaced, inserted or removed. */
    private static String tampered(String minted, FuzzedDataProvider in) {
        int at = in.consumeInt(0, minted.length() - 1);
        char c = in.consumeChar();
        return switch (in.consumeInt(0, 2)) {
            case 0 -> minted.substring(0, at) + c + minted.substring(at + 1);
            case 1 -> minted.substring(0, at) + c + minted.substring(at);
            default -> minted.substring(0, at) + minted.substring(at + 1);
        };
    }

    /** header.payload.signature with fuzzed parts around a payload that is valid but for the signature. */
    private static String shaped(FuzzedDataProvider in) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        if (in.consumeBoolean()) {
            header.put("alg", in.consumeBoolean() ? in.pickValue(ALGS) : in.consumeString(12));
        } else if (in.consumeBoolean()) {
            header.put("alg", in.consumeInt());
        }
        if (in.consumeBoolean()) {
            header.put("kid", in.consumeBoolean() ? in.pickValue(KIDS) : in.consumeString(12));
        }
        if (in.consumeBoolean()) {
            header.put("typ", in.consumeBoolean() ? "JWT" : in.consumeString(12));
        }
        if (in.consumeBoolean()) {
            header.putArray("crit").add(in.consumeBoolean() ? "b64" : in.consumeString(8));
            header.put("b64", false);
        }
        if (in.consumeBoolean()) {
            // An attacker's own key, embedded: it must never be the one that verifies.
            header.set("jwk", ATTACKER_JWK);
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("sub", in.consumeBoolean() ? "u1" : TokenText.text(in, 20));
        payload.put("exp", System.currentTimeMillis() / 1000 + 3600);
        payload.put("iss", IdpKeys.ISSUER);
        payload.put("aud", IdpKeys.AUDIENCE);
        String headerJson = in.consumeBoolean() ? header.toString() : in.consumeString(60);
        String input = TokenText.signingInput(headerJson, payload.toString());
        return switch (in.consumeInt(0, 4)) {
            case 0 -> input + "." + TokenText.b64(in.consumeBytes(64));
            case 1 -> input + ".";
            case 2 -> TokenText.hs256(input, OTHER_SECRET);
            case 3 -> TokenText.hs256(input, RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
            default -> input + "." + in.consumeRemainingAsString();
        };
    }


    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtService withProvider() {
        try {
            JwksSettings settings = new JwksSettings(new URL("http://127.0.0.1:1/jwks"), IdpKeys.ISSUER,
                    IdpKeys.AUDIENCE, "sub", JwksSettings.REFRESH_INTERVAL, JwksSettings.CACHE_TTL,
                    JwksSettings.CONNECT_TIMEOUT, JwksSettings.READ_TIMEOUT);
            List<VerificationKey> keys = List.of(
                    new VerificationKey("r1", RSA.toPublicKey(), null, "sig"),
                    new VerificationKey("e1", EC.toPublicKey(), null, null));
            return new JwtService(SECRET, new FixedTokenKeys(keys), settings);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
