package dev.herald.server;

import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SSE wire format, byte by byte, on a real socket. */
class StreamWireTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(Map.of("--heartbeat-ms", "300", "--retry-ms", "1500"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void headersAndFirstFramesAreExact() throws Exception {
        try (TestStream s = hub.stream("wire-user")) {
            assertThat(s.response().headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(s.response().headers().firstValue("cache-control")).hasValue("no-cache, no-transform");
            assertThat(s.response().headers().firstValue("x-accel-buffering")).hasValue("no");
            await().atMost(Duration.ofSeconds(5)).until(() -> s.rawText().contains("\nid: "));
            Pattern head = Pattern.compile("^retry: 1500\n\n"
                    + "event: connected\n"
                    + "data: \\{\"connectionId\":\"[a-z0-9-]+\",\"userId\":\"wire-user\",\"heartbeatMs\":300,\"nodeId\":\"[A-Za-z0-9._-]+\"\\}\n\n"
                    + "id: ([a-z0-9]+)-(\\d+)\n\n");
            Matcher m = head.matcher(s.rawText());
            assertThat(m.find()).as("stream head was:\n%s", s.rawText()).isTrue();
            String epoch = m.group(1);
            int before = s.rawText().length();

            var reply = hub.post("/v1/notifications", "{\"userId\":\"wire-user\",\"type\":\"badge\",\"title\":\"Gold\","
                    + "\"body\":\"line1\\nline2\",\"data\":{\"n\":1},\"actionUrl\":\"/badges\",\"priority\":\"high\"}");
            assertThat(reply.statusCode()).isEqualTo(202);
            String id = TestHub.json(reply).get("id").asText();
            assertThat(id).startsWith(epoch + "-");

            s.awaitEvent("notification", Duration.ofSeconds(5));
            String frame = s.rawText().substring(before).replaceAll("^(:\n\n)+", "");
            Pattern item = Pattern.compile("^id: " + Pattern.quote(id) + "\n"
                    + "event: notification\n"
                    + "data: \\{\"id\":\"" + Pattern.quote(id) + "\",\"type\":\"badge\",\"category\":null,\"title\":\"Gold\","
                    + "\"body\":\"line1\\\\nline2\",\"data\":\\{\"n\":1\\},\"actionUrl\":\"/badges\",\"tags\":\\[\\],"
                    + "\"actions\":\\[\\],\"priority\":\"high\","
                    + "\"createdAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"\\}\n\n");
            assertThat(item.matcher(frame).find()).as("item frame was:\n%s", frame).isTrue();
        }
    }

    @Test
    void customEventsUseTheirOwnName() throws Exception {
        try (TestStream s = hub.stream("wire-events")) {
            var reply = hub.post("/v1/events", "{\"userId\":\"wire-events\",\"event\":\"score.updated\",\"data\":[1,\"two\"]}");
            assertThat(reply.statusCode()).isEqualTo(202);
            String id = TestHub.json(reply).get("id").asText();
            assertThat(TestHub.json(reply).has("recipients")).isFalse();
            SseEvent e = s.awaitEvent("score.updated", Duration.ofSeconds(5));
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.data()).matches("\\{\"id\":\"" + Pattern.quote(id)
                    + "\",\"event\":\"score.updated\",\"data\":\\[1,\"two\"],\"createdAt\":\"[^\"]+\"}");
        }
    }

    @Test
    void heartbeatsArriveAtLeastEveryPeriod() throws Exception {
        try (TestStream s = hub.stream("wire-heartbeat")) {
            await().atMost(Duration.ofSeconds(3)).until(() -> s.comments() >= 3);
            assertThat(s.rawText()).contains(":\n\n");
        }
    }

    @Test
    void eventsFilterKeepsOnlyTheNamedEvents() throws Exception {
        try (TestStream s = hub.stream("wire-filter", "?events=wanted,also.wanted", null)) {
            hub.post("/v1/events", "{\"userId\":\"wire-filter\",\"event\":\"unwanted\",\"data\":1}");
            hub.notify("wire-filter", "filtered out too");
            hub.post("/v1/events", "{\"userId\":\"wire-filter\",\"event\":\"wanted\",\"data\":2}");
            hub.post("/v1/events", "{\"userId\":\"wire-filter\",\"event\":\"also.wanted\",\"data\":3}");
            assertThat(s.collect("wanted", 1, Duration.ofSeconds(5)).get(0).data()).contains("\"data\":2");
            assertThat(s.collect("also.wanted", 1, Duration.ofSeconds(5)).get(0).data()).contains("\"data\":3");
            assertThat(s.rawText()).doesNotContain("unwanted").doesNotContain("filtered out too");
        }
    }

    @Test
    void malformedEventsFilterIsRejected() {
        var r = hub.send(HttpRequest.newBuilder(hub.uri("/v1/stream?events=ok,bad%0Aname"))
                .header("Authorization", "Bearer " + hub.token("u")).GET().build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHub.json(r).at("/error/code").asText()).isEqualTo("invalid_request");
    }
}
