package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/me/push-subscriptions} over real HTTP: save, list, move between users, delete, the cap,
 * and every endpoint and key rule answered 422 with nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushSubscriptionsApiTest {
    private static final String ALLOWED = "127.0.0.1:9";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private TestHub hub;

    @BeforeAll
    void start() {
        hub = TestHub.start(Map.of("--push-allowed-http-hosts", ALLOWED));
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    /** A real browser-side key: the uncompressed point of a fresh P-256 key pair. */
    private static String p256dh() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) g.generateKeyPair().getPublic();
            byte[] out = new byte[65];
            out[0] = 0x04;
            copy32(key.getW().getAffineX(), out, 1);
            copy32(key.getW().getAffineY(), out, 33);
            return B64.encodeToString(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy32(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }

    private static String auth() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    private static String body(String endpoint, String p256dh, String auth) {
        return "{\"endpoint\":\"" + endpoint + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\"" + p256dh
                + "\",\"auth\":\"" + auth + "\"}}";
    }

    private static String endpoint() {
        return "https://push.example/send/" + B64.encodeToString(RANDOM.generateSeed(9));
    }

    private List<String> endpoints(String user) {
        HttpResponse<String> r = hub.asUser(user, "GET", "/v1/me/push-subscriptions", null);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        TestHub.json(r).get("items").forEach(i -> out.add(i.get("endpoint").asText()));
        return out;
    }

    private HttpResponse<String> save(String user, String json) {
        return hub.asUser(user, "POST", "/v1/me/push-subscriptions", json);
    }

    @Test
    void aSubscriptionIsSavedListedMovedAndDeleted() {
        String e = endpoint();
        HttpResponse<String> saved = save("ann", body(e, p256dh(), auth()));
        assertThat(saved.statusCode()).isEqualTo(201);
        JsonNode reply = TestHub.json(saved);
        assertThat(reply.get("endpoint").asText()).isEqualTo(e);
        assertThat(reply.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(saved.body()).doesNotContain("p256dh").doesNotContain("auth");
        assertThat(endpoints("ann")).containsExactly(e);

        // The same browser, now logged in as another user: the endpoint moves.
        assertThat(save("ben", body(e, p256dh(), auth())).statusCode()).isEqualTo(201);
        assertThat(endpoints("ann")).isEmpty();
        assertThat(endpoints("ben")).containsExactly(e);

        String query = "/v1/me/push-subscriptions?endpoint=" + URLEncoder.encode(e, StandardCharsets.UTF_8);
        assertThat(hub.asUser("ann", "DELETE", query, null).statusCode()).isEqualTo(204);
        assertThat(endpoints("ben")).containsExactly(e);
        assertThat(hub.asUser("ben", "DELETE", query, null).statusCode()).isEqualTo(204);
        assertThat(endpoints("ben")).isEmpty();
        assertThat(hub.asUser("ben", "DELETE", query, null).statusCode()).isEqualTo(204);
        assertThat(hub.asUser("ben", "DELETE", "/v1/me/push-subscriptions", null).statusCode()).isEqualTo(400);
    }

    @Test
    void anHttpEndpointIsAcceptedOnlyForAnAllowedHost() {
        String local = "http://" + ALLOWED + "/push/abc";
        assertThat(save("cat", body(local, p256dh(), auth())).statusCode()).isEqualTo(201);
        assertThat(endpoints("cat")).containsExactly(local);
    }

    @Test
    void aUserKeepsTheNewestTwentySubscriptions() {
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            String e = endpoint();
            saved.add(e);
            assertThat(save("dan", body(e, p256dh(), auth())).statusCode()).isEqualTo(201);
        }
        assertThat(endpoints("dan")).hasSize(20).doesNotContain(saved.get(0)).contains(saved.get(20));
    }

    @Test
    void everyBrokenRuleIs422AndStoresNothing() {
        String key = p256dh();
        String auth = auth();
        byte[] compressed = new byte[65];
        compressed[0] = 0x02;
        Map<String, String> cases = Map.ofEntries(
                Map.entry(body("http://10.0.0.1/push/x", key, auth), "endpoint must be an https URL"),
                Map.entry(body("http://127.0.0.1:10/push/x", key, auth), "endpoint must be an https URL"),
                Map.entry(body("ftp://push.example/x", key, auth), "endpoint must be an https URL"),
                Map.entry(body("/push/x", key, auth), "endpoint must be an absolute https URL"),
                Map.entry(body("https://user:pw@push.example/x", key, auth), "endpoint must not carry credentials"),
                Map.entry(body("https://push.example/x#frag", key, auth), "endpoint must not have a fragment"),
                Map.entry(body("https://push.example/" + "x".repeat(1024), key, auth), "endpoint must be at most 1024"),
                Map.entry(body("https://push.example/x", "not base64!", auth), "keys.p256dh must be base64url"),
                Map.entry(body("https://push.example/x", key.substring(0, 40), auth), "keys.p256dh must decode to 65 bytes"),
                Map.entry(body("https://push.example/x", B64.encodeToString(compressed), auth), "uncompressed P-256 point"),
                Map.entry(body("https://push.example/x", key, B64.encodeToString(new byte[12])), "keys.auth must decode to 16 bytes, got 12"),
                Map.entry("{\"endpoint\":\"https://push.example/x\"}", "keys must be an object"),
                Map.entry("{\"keys\":{}}", "endpoint must be the push service's URL"),
                Map.entry("[]", "the body must be a PushSubscription JSON object"));
        cases.forEach((json, message) -> {
            HttpResponse<String> r = save("eve", json);
            assertThat(r.statusCode()).as(json).isEqualTo(422);
            JsonNode error = TestHub.json(r);
            assertThat(error.at("/error/code").asText()).isEqualTo("validation_failed");
            assertThat(error.at("/error/message").asText()).as(json).contains(message);
        });
        assertThat(endpoints("eve")).isEmpty();
    }
}
