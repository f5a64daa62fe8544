package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static dev.herald.server.support.Batches.PATH;
import static dev.herald.server.support.Batches.batch;
import static dev.herald.server.support.Batches.toUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad batch is refused whole with a clear error naming the element, and nothing of it is stored
 * or delivered: not even the valid elements before the bad one.
 */
class BatchBadInputTest {
    private static final String USER = "batch-victim";
    private static final String VALID = toUser(USER, "valid");
    /** The limit as the contract states it (not read from the code, so a changed constant fails here). */
    private static final int ONE_MIB = 1024 * 1024;
    private static final String SHAPE = "notifications must be an array of 1..1000 notifications";
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

    @Test
    void oneInvalidElementRejectsTheWholeBatch() throws Exception {
        try (TestStream other = hub.stream("batch-other")) {
            long published = hub.stat("published");
            HttpResponse<String> r = hub.post(PATH, batch(toUser("batch-first", "zero"), toUser("batch-other", "one"),
                    "{\"userId\":\"batch-other\",\"type\":\"t\"}", toUser("batch-other", "three")));

            assertRejected(r, published, 422, "validation_failed", "notifications[2]: title is required");
            JsonNode inbox = TestHub.json(hub.get("/v1/users/batch-first/notifications"));
            assertThat(inbox.get("items")).isEmpty();
            hub.notify("batch-other", "marker");
            assertThat(other.collectItems(1, Duration.ofSeconds(5)).get(0).data()).contains("\"title\":\"marker\"");
        }
    }

    static Stream<Arguments> badBatches() {
        List<String> many = new ArrayList<>(Collections.nCopies(1001, VALID));
        String huge = "{\"notifications\":[" + toUser(USER, "x".repeat(ONE_MIB + 1)) + "]}";
        return Stream.of(
                Arguments.of("no notifications", "{}", 422, "validation_failed", SHAPE),
                Arguments.of("empty array", batch(List.of()), 422, "validation_failed", SHAPE),
                Arguments.of("1001 notifications", batch(many), 422, "validation_failed", SHAPE),
                Arguments.of("an object, not an array", "{\"notifications\":" + VALID + "}", 422, "validation_failed", SHAPE),
                Arguments.of("a string, not an array", "{\"notifications\":\"x\"}", 422, "validation_failed", SHAPE),
                Arguments.of("null", "{\"notifications\":null}", 422, "validation_failed", SHAPE),
                Arguments.of("unknown top-level field", "{\"notifications\":[" + VALID + "],\"dryRun\":true}",
                        422, "validation_failed", "unknown field 'dryRun'"),
                Arguments.of("array body", "[" + VALID + "]", 422, "validation_failed", "the body must be a JSON object"),
                Arguments.of("element not an object", batch(VALID, "5"), 422, "validation_failed",
                        "notifications[1]: a notification must be a JSON object"),
                Arguments.of("element with an unknown field", batch(VALID, VALID,
                                "{\"userId\":\"batch-victim\",\"type\":\"t\",\"titel\":\"x\",\"title\":\"x\"}"),
                        422, "validation_failed", "notifications[2]: unknown field 'titel'"),
                Arguments.of("first element invalid", batch("{\"broadcast\":true,\"userId\":\"a\",\"type\":\"t\",\"title\":\"x\"}", VALID),
                        422, "validation_failed", "notifications[0]: give exactly one target: userId, userIds or \"broadcast\": true"),
                Arguments.of("last of 1000 invalid", batch(withLast(999, "{\"userId\":\"batch-victim\",\"type\":\"t\",\"title\":\"x\",\"priority\":\"critical\"}")),
                        422, "validation_failed", "notifications[999]: priority must be one of low, normal, high, urgent"),
                Arguments.of("malformed JSON", "{\"notifications\":[" + VALID, 400, "invalid_json", null),
                Arguments.of("body over 1 MiB", huge, 413, "payload_too_large", "the body is larger than 1 MiB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void badBatchIsRejectedAndNothingIsDelivered(String why, String body, int status, String code, String message)
            throws Exception {
        assertRejected(() -> hub.post(PATH, body), status, code, message);
    }

    static Stream<Arguments> badRequests() {
        String huge = "{\"notifications\":[" + toUser(USER, "x".repeat(ONE_MIB + 1)) + "]}";
        return Stream.of(
                Arguments.of("wrong key", "Bearer not-the-key", "application/json", batch(VALID),
                        401, "invalid_api_key"),
                Arguments.of("no key", null, "application/json", batch(VALID), 401, "missing_credentials"),
                Arguments.of("wrong content type", "Bearer " + TestHub.API_KEY, "text/plain", batch(VALID),
                        415, "unsupported_media_type"),
                // The order of checks: the key first (a client without one never makes the node read its
                // body), then the size, then the content type.
                Arguments.of("wrong key and content type", "Bearer not-the-key", "text/plain", batch(VALID),
                        401, "invalid_api_key"),
                Arguments.of("over 1 MiB without a key", null, "application/json", huge, 401, "missing_credentials"),
                Arguments.of("over 1 MiB with the key", "Bearer " + TestHub.API_KEY, "application/json", huge,
                        413, "payload_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsRejected(String why, String authorization, String contentType, String body, int status,
                              String code) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(PATH)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.header("Content-Type", contentType);
        assertRejected(() -> hub.send(b.build()), status, code, null);
    }

    private static List<String> withLast(int valid, String last) {
        List<String> out = new ArrayList<>(Collections.nCopies(valid, VALID));
        out.add(last);
        return out;
    }

    private static void assertRejected(Callable<HttpResponse<String>> request, int status, String code, String message)
            throws Exception {
        long published = hub.stat("published");
        assertRejected(request.call(), published, status, code, message);
    }

    /**
     * The error is as expected, nothing was published, and a marker published afterwards is the
     * victim's very next item.
     */
    private static void assertRejected(HttpResponse<String> r, long publishedBefore, int status, String code,
                                       String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = TestHub.json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (message != null) {
            assertThat(error.get("message").asText()).isEqualTo(message);
        }
        assertThat(hub.stat("published")).isEqualTo(publishedBefore);
        assertThat(hub.notify(USER, "marker").statusCode()).isEqualTo(202);
        assertThat(stream.collectItems(1, Duration.ofSeconds(5)).get(0).data()).contains("\"title\":\"marker\"");
    }
}
