package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestResult;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest sink on a real hub (SQLite, real HTTP to read the inbox back): the routes' rules and
 * codes, the kind from attribute or body, keys derived from positions, and order.
 */
class IngestPublisherTest {
    private TestHub hub;
    private IngestPublisher sink;

    @BeforeEach
    void start() {
        hub = TestHub.start();
        sink = new IngestPublisher(hub.server().hub(), Duration.ofDays(1), Duration.ofMinutes(5), new Lifecycle(), "test");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static IngestMessage message(String position, String kind, String body) {
        return new IngestMessage("p", position, kind, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String note(String user, String title) {
        return "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    private List<String> titles(String user) {
        JsonNode items = TestHub.json(hub.get("/v1/users/" + user + "/notifications?limit=100")).path("items");
        List<String> out = new java.util.ArrayList<>();
        items.forEach(i -> out.add(0, i.path("title").asText()));
        return out;
    }

    @Test
    void publishesValidMessagesInOrderAndRejectsBadOnesWithTheRoutesCodes() throws Exception {
        List<IngestResult> results = sink.publish(List.of(
                message("1", "notification", note("ann", "one")),
                message("2", null, "{\"kind\":\"notification\"," + note("ann", "two").substring(1)),
                message("3", null, "not json"),
                message("4", null, note("ann", "no kind")),
                message("5", "notification", "{\"kind\":\"event\"," + note("ann", "disagree").substring(1)),
                message("6", "notification", note("ann", "x").replace("\"title\"", "\"titel\"")),
                message("7", "batch", "{\"notifications\":[" + note("ann", "three") + "," + note("ann", "four") + "]}"),
                message("8", "notification", "[1]"))).get();
        assertThat(results).hasSize(8);
        assertThat(results.get(0)).isInstanceOf(IngestResult.Published.class);
        assertThat(results.get(1)).isInstanceOf(IngestResult.Published.class);
        assertThat(code(results.get(2))).isEqualTo("invalid_json");
        assertThat(code(results.get(3))).isEqualTo("validation_failed");
        assertThat(((IngestResult.Rejected) results.get(3)).message()).contains("kind is required");
        assertThat(code(results.get(4))).isEqualTo("validation_failed");
        assertThat(code(results.get(5))).isEqualTo("validation_failed");
        assertThat(((IngestResult.Published) results.get(6)).ids()).hasSize(2);
        assertThat(code(results.get(7))).isEqualTo("validation_failed");
        assertThat(titles("ann")).containsExactly("one", "two", "three", "four");
    }

    @Test
    void aRedeliveredMessageIsARepeatNotASecondNotification() throws Exception {
        List<IngestResult> first = sink.publish(List.of(message("pos-9", "notification", note("bo", "once")))).get();
        List<IngestResult> again = sink.publish(List.of(message("pos-9", "notification", note("bo", "once")))).get();
        assertThat(((IngestResult.Published) again.get(0)).ids()).isEqualTo(((IngestResult.Published) first.get(0)).ids());
        // Another position is another message, even with the same body.
        sink.publish(List.of(message("pos-10", "notification", note("bo", "once")))).get();
        assertThat(titles("bo")).containsExactly("once", "once");
        // A key of its own wins over the position; the same key sent over HTTP is another key space.
        String own = "{\"idempotencyKey\":\"k1\"," + note("bo", "own").substring(1);
        sink.publish(List.of(message("a", "notification", own), message("b", "notification", own))).get();
        assertThat(hub.post("/v1/notifications", own).statusCode()).isEqualTo(202);
        assertThat(titles("bo")).containsExactly("once", "once", "own", "own");
    }

    @Test
    void tooLargeMessagesAreRejectedAtTheRoutesLimits() throws Exception {
        String big = note("cy", "x".repeat(70 * 1024));
        List<IngestResult> r = sink.publish(List.of(message("1", "notification", big))).get();
        assertThat(code(r.get(0))).isEqualTo("payload_too_large");
        assertThat(IngestPublisher.derivedKey("t/0/1@2")).isEqualTo("src:t/0/1@2");
        assertThat(IngestPublisher.derivedKey("x".repeat(300))).startsWith("src#").hasSizeLessThan(60);
    }

    @Test
    void aDrainingNodeRefusesSoTheSourceKeepsItsMessages() {
        Lifecycle draining = new Lifecycle();
        draining.beginDrain();
        IngestPublisher refusing = new IngestPublisher(hub.server().hub(), Duration.ofDays(1), Duration.ofMinutes(5),
                draining, "test");
        assertThat(refusing.publish(List.of(message("1", "notification", note("dee", "t"))))).isCompletedExceptionally();
        assertThat(titles("dee")).isEmpty();
    }

    private static String code(IngestResult r) {
        assertThat(r).isInstanceOf(IngestResult.Rejected.class);
        return ((IngestResult.Rejected) r).code();
    }
}
