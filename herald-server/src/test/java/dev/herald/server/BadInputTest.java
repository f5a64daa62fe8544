package dev.herald.server;

import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad publish gets a clear 4xx with a stable code, and nothing is delivered: the
 * addressed user's open stream sees no item and the published counter does not move.
 */
class BadInputTest {
    private static final String USER = "victim";
    private static TestHub hub;
    private static TestStream stream;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        stream = hub.stream(USER);
    }

    @AfterAll
    static void stop() {
        stream.close();
        hub.close();
    }

    static Stream<Arguments> badNotifications() {
        String big = "x".repeat(70 * 1024);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"userId\":\"victim\",", 400, "invalid_json"),
                Arguments.of("trailing garbage", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\"} xyz", 400, "invalid_json"),
                Arguments.of("two objects", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\"}{\"broadcast\":true}", 400, "invalid_json"),
                Arguments.of("duplicate key", "{\"userId\":\"victim\",\"userId\":\"other\",\"type\":\"t\",\"title\":\"x\"}", 400, "invalid_json"),
                Arguments.of("empty body", "", 400, "invalid_json"),
                Arguments.of("array body", "[1,2]", 422, "validation_failed"),
                Arguments.of("no target", "{\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("broadcast false only", "{\"broadcast\":false,\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("two targets", "{\"userId\":\"victim\",\"broadcast\":true,\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("userId and userIds", "{\"userId\":\"victim\",\"userIds\":[\"victim\"],\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("broadcast not boolean", "{\"broadcast\":\"yes\",\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("missing type", "{\"userId\":\"victim\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("missing title", "{\"userId\":\"victim\",\"type\":\"t\"}", 422, "validation_failed"),
                Arguments.of("blank title", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"  \"}", 422, "validation_failed"),
                Arguments.of("title not a string", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":5}", 422, "validation_failed"),
                Arguments.of("type with newline", "{\"userId\":\"victim\",\"type\":\"a\\nb\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("unknown priority", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"priority\":\"critical\"}", 422, "validation_failed"),
                Arguments.of("priority not a string", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"priority\":1}", 422, "validation_failed"),
                Arguments.of("data not an object", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"data\":[1]}", 422, "validation_failed"),
                Arguments.of("javascript actionUrl", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"actionUrl\":\"javascript:alert(1)\"}", 422, "validation_failed"),
                Arguments.of("unknown field", "{\"userId\":\"victim\",\"type\":\"t\",\"titel\":\"x\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("empty userIds", "{\"userIds\":[],\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("userIds with a number", "{\"userIds\":[\"victim\",7],\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("userId with control char", "{\"userId\":\"vic\\u0000tim\",\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("empty userId", "{\"userId\":\"\",\"type\":\"t\",\"title\":\"x\"}", 422, "validation_failed"),
                Arguments.of("negative ttl", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"ttlSeconds\":-1}", 422, "validation_failed"),
                Arguments.of("body over 64 KiB", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\",\"body\":\"" + big + "\"}", 413, "payload_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNotifications")
    void badNotificationIsRejectedAndNothingIsDelivered(String why, String body, int status, String code) throws Exception {
        assertRejected(() -> hub.post("/v1/notifications", body), status, code);
    }

    @org.junit.jupiter.api.Test
    void nullOptionalFieldsMeanAbsent() throws Exception {
        var r = hub.post("/v1/notifications", "{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"nulls\","
                + "\"priority\":null,\"ttlSeconds\":null,\"body\":null,\"data\":null,\"actionUrl\":null}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        var e = stream.await(ev -> ev.event().equals("notification"), Duration.ofSeconds(5));
        assertThat(e.data()).contains("\"title\":\"nulls\"").contains("\"priority\":\"normal\"");
    }

    static Stream<Arguments> badEvents() {
        return Stream.of(
                Arguments.of("missing event", "{\"userId\":\"victim\",\"data\":1}"),
                Arguments.of("newline in name", "{\"userId\":\"victim\",\"event\":\"a\\nevent: notification\",\"data\":1}"),
                Arguments.of("CR in name", "{\"userId\":\"victim\",\"event\":\"a\\rdata: x\",\"data\":1}"),
                Arguments.of("colon-space trick", "{\"userId\":\"victim\",\"event\":\"x: y\",\"data\":1}"),
                Arguments.of("leading colon", "{\"userId\":\"victim\",\"event\":\":comment\",\"data\":1}"),
                Arguments.of("space in name", "{\"userId\":\"victim\",\"event\":\"a b\",\"data\":1}"),
                Arguments.of("reserved connected", "{\"userId\":\"victim\",\"event\":\"connected\",\"data\":1}"),
                Arguments.of("reserved reset", "{\"userId\":\"victim\",\"event\":\"reset\",\"data\":1}"),
                Arguments.of("reserved notification", "{\"userId\":\"victim\",\"event\":\"notification\",\"data\":1}"),
                Arguments.of("reserved token_expired", "{\"userId\":\"victim\",\"event\":\"token_expired\",\"data\":1}"),
                Arguments.of("herald prefix", "{\"userId\":\"victim\",\"event\":\"herald.drain\",\"data\":1}"),
                Arguments.of("name too long", "{\"userId\":\"victim\",\"event\":\"" + "e".repeat(65) + "\",\"data\":1}"),
                Arguments.of("name not a string", "{\"userId\":\"victim\",\"event\":42,\"data\":1}"),
                Arguments.of("notification field on event", "{\"userId\":\"victim\",\"event\":\"ok\",\"title\":\"x\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventIsRejectedAndNothingIsDelivered(String why, String body) throws Exception {
        assertRejected(() -> hub.post("/v1/events", body), 422, "validation_failed");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("text/plain body", "text/plain", 415, "unsupported_media_type"),
                Arguments.of("form body", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
                Arguments.of("no content type", null, 415, "unsupported_media_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void wrongContentTypeIsRejected(String why, String contentType, int status, String code) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                .header("Authorization", "Bearer " + TestHub.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"victim\",\"type\":\"t\",\"title\":\"x\"}"));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        assertRejected(() -> hub.send(b.build()), status, code);
    }

    private static void assertRejected(Callable<HttpResponse<String>> request, int status, String code) throws Exception {
        long published = hub.stat("published");
        HttpResponse<String> r = request.call();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(TestHub.json(r).at("/error/code").asText()).isEqualTo(code);
        assertThat(TestHub.json(r).at("/error/message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(hub.stat("published")).isEqualTo(published);
        // A valid marker published after the bad one must be the next item the stream sees.
        var marker = hub.notify(USER, "marker");
        assertThat(marker.statusCode()).isEqualTo(202);
        var next = stream.await(e -> !e.event().equals("connected"), Duration.ofSeconds(5));
        assertThat(next.data()).contains("\"title\":\"marker\"");
    }
}
