package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.item.NotificationEdit;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * {@code PATCH /v1/notifications/{id}}: any bytes are one edit or a typed refusal (see {@link BodyFuzz}).
 * An accepted edit, applied to a stored notification, changes exactly the fields it names (to what
 * the publish rules make of them) and keeps every other field as stored.
 */
class NotificationPatchFuzzTest {
    private static final byte[] STORED = ("{\"type\":\"comment\",\"category\":\"social\",\"title\":\"Hi\",\"body\":\"x\","
            + "\"data\":{\"n\":1.50,\"big\":123456789012345678901234567890},\"actionUrl\":null,\"tags\":[\"a\"],"
            + "\"actions\":[],\"priority\":\"normal\",\"createdAt\":\"2026-01-01T00:00:00.000Z\"}")
            .getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsOneEditOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        NotificationPatch patch = BodyFuzz.acceptedOrRefused(() -> NotificationPatch.parse(tree));
        if (patch == null) {
            return;
        }
        NotificationEdit.Edited edited = patch.apply(STORED);
        JsonNode before = BodyFuzz.reread(STORED);
        JsonNode after = BodyFuzz.reread(edited.content());
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!tree.has(name)) {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            }
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode sent = tree.get(name);
            if (!sent.isNull() && (sent.isTextual() && !name.equals("actionUrl") || name.equals("data"))) {
                assertThat(after.get(name)).as(name).isEqualTo(sent);
            }
        }
        JsonNode category = after.get("category");
        assertThat(edited.category()).isEqualTo(category == null || category.isNull() ? null : category.asText());
    }
}
