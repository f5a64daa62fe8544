package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every string that enters the hub is well-formed UTF-16 text: a lone surrogate, sent as the JSON
 * escape {@code \ud800}, is refused in every body field, in token {@code sub}s and wherever a user is
 * named, because a store writes it as {@code ?} and {@code "z\ud800"} would become the user {@code z?}.
 * C1 control characters count as control characters in user ids. Run per store by
 * {@link WellFormedTextSqliteTest} and {@link WellFormedTextPostgresTest}.
 */
abstract class WellFormedTextChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The JSON text of a string that is {@code z} followed by an unpaired high surrogate. */
    private static final String LONE = "\"z\\ud800\"";

    /** A body that is valid except for one string holding an unpaired surrogate, and where it is. */
    private record Bad(String method, String path, String json, String field) {
    }

    private static List<Bad> badBodies() {
        String n = "/v1/notifications";
        String e = "/v1/events";
        List<Bad> bad = new ArrayList<>(List.of(
                new Bad("POST", n, "{\"userId\":" + LONE + ",\"type\":\"t\",\"title\":\"x\"}", "userId"),
                new Bad("POST", n, "{\"userIds\":[\"ok\"," + LONE + "],\"type\":\"t\",\"title\":\"x\"}", "userIds[1]"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":" + LONE + ",\"title\":\"x\"}", "type"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":" + LONE + "}", "title"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"\\udc00x\"}", "title"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"\\udc00\\ud800\"}", "title"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"body\":" + LONE + "}", "body"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"actionUrl\":\"/a\\ud800\"}", "actionUrl"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"priority\":\"high\\ud800\"}", "priority"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"idempotencyKey\":" + LONE + "}",
                        "idempotencyKey"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"data\":{\"k\":" + LONE + "}}", "data.k"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"data\":{\"list\":[1,[" + LONE + "]]}}",
                        "data.list[1][0]"),
                new Bad("POST", n, "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"data\":{" + LONE + ":1}}", "data"),
                new Bad("POST", "/v1/notifications/batch", "{\"notifications\":[{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\"},"
                        + "{\"userId\":" + LONE + ",\"type\":\"t\",\"title\":\"x\"}]}", "notifications[1].userId"),
                new Bad("POST", e, "{\"userId\":" + LONE + ",\"event\":\"ping\"}", "userId"),
                new Bad("POST", e, "{\"userIds\":[" + LONE + "],\"event\":\"ping\"}", "userIds[0]"),
                new Bad("POST", e, "{\"userId\":\"ok\",\"event\":\"ping\\ud800\"}", "event"),
                new Bad("POST", e, "{\"userId\":\"ok\",\"event\":\"ping\",\"data\":" + LONE + "}", "data"),
                new Bad("POST", e, "{\"userId\":\"ok\",\"event\":\"ping\",\"idempotencyKey\":" + LONE + "}", "idempotencyKey"),
                new Bad("POST", "/v1/tokens", "{\"userId\":" + LONE + "}", "userId")));
        return bad;
    }

    private HttpResponse<String> send(Bad b) {
        return hub.send(HttpRequest.newBuilder(hub.uri(b.path()))
                .header("Authorization", "Bearer " + TestHub.API_KEY).header("Content-Type", "application/json")
                .method(b.method(), HttpRequest.BodyPublishers.ofString(b.json(), StandardCharsets.UTF_8)).build());
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String what) {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(TestHub.json(r).path("error").path("code").asText()).as(what).isEqualTo(code);
    }

    @Test
    void aLoneSurrogateInAnyBodyFieldIsRefusedAndNamesTheFieldWhileAPairIsText() throws Exception {
        long published = hub.stat("published");
        for (Bad b : badBodies()) {
            HttpResponse<String> r = send(b);
            assertError(r, 422, "validation_failed", b.path() + " " + b.json());
            assertThat(TestHub.json(r).path("error").path("message").asText()).as(b.json())
                    .contains(b.field()).contains("surrogate");
        }
        HttpResponse<String> prefs = hub.asUser("wf-prefs", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"t\\ud800\"]}");
        assertError(prefs, 422, "validation_failed", "mutedTypes");
        assertThat(TestHub.json(hub.asUser("wf-prefs", "GET", "/v1/me/preferences", null)).get("mutedTypes")).isEmpty();
        assertThat(hub.stat("published")).isEqualTo(published);

        // A surrogate pair is one character (U+1F600), in a string or a field name.
        try (TestStream s = hub.stream("wf-pair")) {
            s.awaitPosition(WAIT);
            String id = hub.publishId("/v1/notifications",
                    "{\"userId\":\"wf-pair\",\"type\":\"t\",\"title\":\"\\ud83d\\ude00\",\"data\":{\"\\ud83d\\ude00\":\"\\ud83d\\ude00\"}}");
            SseEvent e = s.collectItems(1, WAIT).get(0);
            assertThat(e.id()).isEqualTo(id);
            JsonNode data = TestHub.json(e.data());
            assertThat(data.get("title").asText()).isEqualTo("\uD83D\uDE00");
            assertThat(data.get("data").get("\uD83D\uDE00").asText()).isEqualTo("\uD83D\uDE00");
        }
    }

    @Test
    void aSurrogateWrittenAsRawBytesIsRefusedToo() {
        // CESU-8's spelling of U+D800 (ED A0 80): not UTF-8, whatever a lenient decoder makes of it.
        byte[] head = "{\"userId\":\"z".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\",\"type\":\"t\",\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 3 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xED;
        body[head.length + 1] = (byte) 0xA0;
        body[head.length + 2] = (byte) 0x80;
        System.arraycopy(tail, 0, body, head.length + 3, tail.length);
        long published = hub.stat("published");
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                .header("Authorization", "Bearer " + TestHub.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).as(r.body()).isIn(400, 422);
        assertThat(hub.stat("published")).isEqualTo(published);
    }

    @Test
    void theUserZQuestionMarkNeverSeesWhatWasAddressedToZAndALoneSurrogate() throws Exception {
        String zq = "z?";
        try (TestStream stream = hub.stream(zq)) {
            String anchor = stream.awaitPosition(WAIT);
            for (Bad b : badBodies()) {
                send(b);
            }
            String marker = hub.publishId("/v1/notifications",
                    "{\"userId\":\"z?\",\"type\":\"t\",\"title\":\"meant for z?\"}");

            assertThat(stream.collectItems(1, WAIT)).extracting(SseEvent::id).containsExactly(marker);
            try (TestStream replay = hub.stream(zq, "", anchor)) {
                assertThat(replay.itemsThrough(marker, WAIT)).extracting(SseEvent::id).containsExactly(marker);
            }
        }
        JsonNode inbox = TestHub.json(hub.asUser(zq, "GET", "/v1/me/notifications", null));
        assertThat(inbox.get("items")).extracting(i -> i.get("title").asText()).containsExactly("meant for z?");
        JsonNode viaPublisher = TestHub.json(hub.get("/v1/users/z%3F/notifications"));
        assertThat(viaPublisher.get("items")).hasSize(1);
    }

    @Test
    void aTokenWhoseSubIsNotWellFormedTextOrNotAStringIsInvalid() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        for (String sub : List.of("\"z\\ud800\"", "\"\\udc00\"", "42", "4.2e1", "\"a\\u0085b\"", "\"a\\u009fb\"")) {
            String token = sign("{\"sub\":" + sub + ",\"exp\":" + exp + "}");
            // A stream that opened would never end: read it as a stream, and close it either way.
            try (TestStream s = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream"))
                    .header("Authorization", "Bearer " + token).GET().build())) {
                assertThat(s.response().statusCode()).as("stream for sub " + sub).isEqualTo(401);
            }
            for (String path : List.of("/v1/me/notifications", "/v1/me/preferences")) {
                HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri(path))
                        .header("Authorization", "Bearer " + token).GET().build());
                assertError(r, 401, "invalid_token", "sub " + sub + " on " + path);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            }
        }
        // The control: the same signing with a good sub opens the user's inbox.
        HttpResponse<String> ok = hub.send(HttpRequest.newBuilder(hub.uri("/v1/me/notifications"))
                .header("Authorization", "Bearer " + sign("{\"sub\":\"wf-ok\",\"exp\":" + exp + "}")).GET().build());
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void c1ControlCharactersAreControlCharactersInUserIdsAndLinks() {
        String n = "/v1/notifications";
        for (String json : List.of("{\"userId\":\"a\\u0085b\",\"type\":\"t\",\"title\":\"x\"}",
                "{\"userIds\":[\"a\\u0080\"],\"type\":\"t\",\"title\":\"x\"}",
                "{\"userId\":\"ok\",\"type\":\"t\",\"title\":\"x\",\"actionUrl\":\"/a\\u009b1\"}")) {
            assertError(hub.post(n, json), 422, "validation_failed", json);
        }
        assertError(hub.post("/v1/tokens", "{\"userId\":\"a\\u0085b\"}"), 422, "validation_failed", "token for C1");
        for (String path : List.of("/v1/users/a%C2%85b/notifications", "/v1/users/a%C2%85b/presence")) {
            assertError(hub.get(path), 400, "invalid_request", path);
        }
        // Characters just past the C1 block stay ordinary text.
        assertThat(hub.post(n, "{\"userId\":\"a\\u00a0b\",\"type\":\"t\",\"title\":\"x\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void queryAndPathParametersThatNameAUserOrEventsRefuseWhatIsNotText() {
        // URLs carry UTF-8, in which a lone surrogate cannot be written: its bytes are malformed.
        for (String path : List.of("/v1/users/z%ED%A0%80/notifications", "/v1/users/z%ED%A0%80/presence",
                "/v1/users/z%FF/notifications")) {
            assertError(hub.get(path), 400, "invalid_request", path);
        }
        try (TestStream filter = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream?events=a%ED%A0%80"))
                .header("Authorization", "Bearer " + hub.token("wf-filter")).GET().build())) {
            assertThat(filter.response().statusCode()).as("?events=").isEqualTo(400);
        }
    }

    private static String sign(String payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
        jws.sign(new MACSigner(TestHub.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.serialize();
    }
}
