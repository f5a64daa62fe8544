package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /v1/notifications/batch}: any bytes are a whole batch or a typed refusal (see
 * {@link BodyFuzz}); an accepted batch has one notification per element, in order, each exactly what
 * the single endpoint makes of that element, and each deliverable.
 */
class BatchPublishFuzzTest {
    private static final PublishParser PARSER = new PublishParser(Duration.ofDays(30), Duration.ofHours(1));
    private static final BatchParser BATCH = new BatchParser(PARSER);

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsAWholeBatchOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        List<PublishParser.Parsed> batch = BodyFuzz.acceptedOrRefused(() -> BATCH.notifications(tree, "fuzz", () -> 3));
        if (batch == null) {
            return;
        }
        JsonNode elements = tree.get("notifications");
        assertThat(batch).hasSize(elements.size()).hasSizeLessThanOrEqualTo(BatchParser.MAX_NOTIFICATIONS);
        for (int i = 0; i < batch.size(); i++) {
            PublishParser.Parsed single = PARSER.notification(elements.get(i), "fuzz", () -> 3);
            JsonNode content = BodyFuzz.reread(batch.get(i).item().content());
            JsonNode alone = BodyFuzz.reread(single.item().content());
            assertThat(content.get("title")).isEqualTo(alone.get("title"));
            assertThat(content.get("data")).isEqualTo(alone.get("data"));
            assertThat(batch.get(i).item().target()).isEqualTo(single.item().target());
            BodyFuzz.deliverable(batch.get(i).item());
        }
    }
}
