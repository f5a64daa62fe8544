package dev.herald.server;

import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Resuming over HTTP with Last-Event-ID (header or query), and resets for unknown ids. */
class ResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
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
    void reconnectWithTheLastIdGetsWhatWasMissedInOrderThenLive() throws Exception {
        String lastId;
        try (TestStream first = hub.stream("resumer")) {
            hub.notify("resumer", "seen");
            lastId = first.awaitEvent("notification", WAIT).id();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            missed.add(TestHub.json(hub.notify("resumer", "missed" + i)).get("id").asText());
            hub.notify("someone-else", "not yours " + i);
        }
        try (TestStream again = hub.stream("resumer", "", lastId)) {
            List<SseEvent> got = again.collect("notification", 30, WAIT);
            assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(missed);
            String live = TestHub.json(hub.notify("resumer", "live")).get("id").asText();
            assertThat(again.awaitEvent("notification", WAIT).id()).isEqualTo(live);
        }
    }

    @Test
    void theQueryParameterWorksLikeTheHeaderAndTheAnchorIdIsResumable() throws Exception {
        String anchor;
        try (TestStream first = hub.stream("anchored")) {
            // No item yet: the browser's position is the id-only anchor frame.
            anchor = first.awaitPosition(WAIT);
        }
        String missed = TestHub.json(hub.notify("anchored", "while away")).get("id").asText();
        try (TestStream again = hub.open(HttpRequest.newBuilder(hub.uri("/v1/stream?lastEventId=" + anchor))
                .header("Authorization", "Bearer " + hub.token("anchored")).GET().build())) {
            assertThat(again.awaitEvent("notification", WAIT).id()).isEqualTo(missed);
        }
    }

    @Test
    void anUnknownIdGetsAResetAndTheStreamStaysLive() throws Exception {
        try (TestStream s = hub.stream("lost", "", "someoneelsesdb-12")) {
            SseEvent reset = s.awaitEvent("reset", WAIT);
            assertThat(reset.data()).isEqualTo("{\"reason\":\"unknown_epoch\"}");
            assertThat(reset.id()).matches("[a-z0-9]+-\\d+");
            String live = TestHub.json(hub.notify("lost", "after reset")).get("id").asText();
            assertThat(s.awaitEvent("notification", WAIT).id()).isEqualTo(live);
        }
    }
}
