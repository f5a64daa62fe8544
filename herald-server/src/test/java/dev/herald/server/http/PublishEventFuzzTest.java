package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.item.ItemKind;
import java.time.Duration;

/**
 * {@code POST /v1/events}: any bytes are an event or a typed refusal (see {@link BodyFuzz}). An
 * accepted event goes out under the name the publisher gave, with its data exactly as sent, as one
 * SSE event.
 */
class PublishEventFuzzTest {
    private static final PublishParser PARSER = new PublishParser(Duration.ofDays(30), Duration.ofHours(1));

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsAnEventOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        PublishParser.Parsed parsed = BodyFuzz.acceptedOrRefused(() -> PARSER.event(tree, "fuzz", () -> 3));
        if (parsed == null) {
            return;
        }
        assertThat(parsed.item().kind()).isEqualTo(ItemKind.EVENT);
        assertThat(parsed.item().event()).isEqualTo(tree.get("event").asText());
        assertThat(EventNames.isPublishable(parsed.item().event())).isTrue();
        JsonNode content = BodyFuzz.reread(parsed.item().content());
        if (tree.has("data")) {
            assertThat(content.get("data")).isEqualTo(tree.get("data"));
        }
        BodyFuzz.deliverable(parsed.item());
    }
}
