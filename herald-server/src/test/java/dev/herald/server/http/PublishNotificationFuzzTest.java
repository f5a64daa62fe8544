package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.item.ItemKind;
import java.time.Duration;

/**
 * {@code POST /v1/notifications}: any bytes are a notification or a typed refusal (see {@link BodyFuzz}).
 * An accepted one carries exactly what was sent (title, body, data with its numbers as written) and
 * can be delivered as one SSE event.
 */
class PublishNotificationFuzzTest {
    private static final PublishParser PARSER = new PublishParser(Duration.ofDays(30), Duration.ofHours(1));

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsANotificationOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        PublishParser.Parsed parsed = BodyFuzz.acceptedOrRefused(() -> PARSER.notification(tree, "fuzz", () -> 3));
        if (parsed == null) {
            return;
        }
        assertThat(parsed.item().kind()).isEqualTo(ItemKind.NOTIFICATION);
        assertThat(parsed.recipients()).isPositive();
        JsonNode content = BodyFuzz.reread(parsed.item().content());
        assertThat(content.get("type")).isEqualTo(tree.get("type"));
        assertThat(content.get("title")).isEqualTo(tree.get("title"));
        if (tree.hasNonNull("body")) {
            assertThat(content.get("body")).isEqualTo(tree.get("body"));
        }
        if (tree.hasNonNull("data")) {
            assertThat(content.get("data")).isEqualTo(tree.get("data"));
        }
        // The same body parsed again is the same notification (only createdAt may differ).
        JsonNode again = BodyFuzz.reread(PARSER.notification(tree, "fuzz", () -> 3).item().content());
        ((com.fasterxml.jackson.databind.node.ObjectNode) again).set("createdAt", content.get("createdAt"));
        assertThat(again).isEqualTo(content);
        BodyFuzz.deliverable(parsed.item());
    }
}
