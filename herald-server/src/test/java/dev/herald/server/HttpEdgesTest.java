package dev.herald.server;

import dev.herald.server.support.RawHttp;
import dev.herald.server.support.SseEvent;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of HTTP/1.1, over raw sockets: a body length that could be read two ways is refused and
 * the connection closed (RFC 9112 §6.1, §6.3), anything the decoder cannot read gets the JSON error
 * shape instead of an empty reply, and unknown paths are 404 whatever the method.
 */
class HttpEdgesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String USER = "edge-user";
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

    static Stream<Arguments> ambiguousBodyLengths() {
        String body = "{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"smuggled\"}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        return Stream.of(
                Arguments.of("Content-Length and chunked", "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n", chunked),
                Arguments.of("chunked and Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", chunked),
                Arguments.of("gzip", "Transfer-Encoding: gzip\r\n", body),
                Arguments.of("gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n", chunked),
                Arguments.of("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunked));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousBodyLengths")
    void aBodyLengthThatCouldBeReadTwoWaysIsRefusedAndTheConnectionClosed(String why, String framing, String body)
            throws Exception {
        long publishedBefore = hub.stat("published");
        try (RawHttp raw = RawHttp.connect(hub.server().port())) {
            raw.send("POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHub.API_KEY
                    + "\r\nContent-Type: application/json\r\n" + framing + "\r\n" + body);
            RawHttp.Reply reply = raw.read(WAIT);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(TestHub.json(reply.body()).at("/error/code").asText()).isEqualTo("invalid_request");
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.awaitClosed(WAIT)).as("the connection is closed after the refusal").isTrue();
        }
        // Nothing of it was published: the user's stream sees the next publish, not the refused one.
        String marker = hub.publishId("/v1/notifications", "{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"marker\"}");
        SseEvent next = stream.awaitEvent("notification", WAIT);
        assertThat(next.id()).isEqualTo(marker);
        assertThat(hub.stat("published")).isEqualTo(publishedBefore + 1);
    }

    static Stream<Arguments> unreadableHeads() {
        return Stream.of(
                Arguments.of("negative Content-Length", "POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nContent-Length: -5\r\n\r\n"),
                Arguments.of("signed Content-Length", "POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nContent-Length: +5\r\n\r\nabcde"),
                Arguments.of("two different Content-Lengths", "POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\n"
                        + "Content-Length: 3\r\n\r\n{}"),
                Arguments.of("Last-Event-ID with a control byte", "GET /v1/stream HTTP/1.1\r\nHost: hub\r\nLast-Event-ID: a\u0001b\r\n\r\n"),
                Arguments.of("Last-Event-ID with NUL", "GET /v1/stream HTTP/1.1\r\nHost: hub\r\nLast-Event-ID: a\u0000b\r\n\r\n"),
                Arguments.of("Last-Event-ID over the head limit", "GET /v1/stream HTTP/1.1\r\nHost: hub\r\nLast-Event-ID: "
                        + "1".repeat(9000) + "\r\n\r\n"),
                Arguments.of("request line over the limit", "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: hub\r\n\r\n"),
                Arguments.of("not HTTP at all", "\u0016\u0003\u0001\u0000\u00a5 hello\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableHeads")
    void aRequestTheDecoderCannotReadGetsTheJsonErrorAndTheConnectionCloses(String why, String request) {
        try (RawHttp raw = RawHttp.connect(hub.server().port())) {
            raw.send(request.getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Reply reply = raw.read(WAIT);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(TestHub.json(reply.body()).at("/error/code").asText()).isEqualTo("invalid_request");
            assertThat(TestHub.json(reply.body()).at("/error/message").asText()).isNotBlank();
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void aWellFormedLastEventIdThatIsNoIdStillGetsTheDocumentedReset() throws Exception {
        try (TestStream s = hub.stream(USER, "", "x".repeat(2000))) {
            assertThat(s.awaitEvent("reset", WAIT).data()).isEqualTo("{\"reason\":\"invalid_id\"}");
        }
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("GET", "/nope", 404, "not_found"),
                Arguments.of("GET", "/v1/nope", 404, "not_found"),
                Arguments.of("DELETE", "/x", 404, "not_found"),
                Arguments.of("POST", "/nope", 404, "not_found"),
                Arguments.of("PUT", "/nope.js", 404, "not_found"),
                Arguments.of("GET", "/nope.js", 404, "not_found"),
                Arguments.of("POST", "/v1/stream/extra", 404, "not_found"),
                Arguments.of("GET", "/%zz", 400, "invalid_request"),
                // Paths that exist, with a method they do not allow.
                Arguments.of("POST", "/herald.js", 405, "method_not_allowed"),
                Arguments.of("POST", "/health", 405, "method_not_allowed"),
                Arguments.of("DELETE", "/v1/stream", 405, "method_not_allowed"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void unknownPathsAre404WhateverTheMethod(String method, String path, int status, String code) {
        try (RawHttp raw = RawHttp.connect(hub.server().port())) {
            RawHttp.Reply reply = raw.send(method + " " + path + " HTTP/1.1\r\nHost: hub\r\nContent-Length: 0\r\n\r\n").read(WAIT);
            assertThat(reply.status()).isEqualTo(status);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(TestHub.json(reply.body()).at("/error/code").asText()).isEqualTo(code);
        }
    }

    @Test
    void theWebFilesAreStillServed() {
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri("/herald.js")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }
}
