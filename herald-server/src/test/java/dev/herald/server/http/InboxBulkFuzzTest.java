package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.item.EventId;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code POST /v1/me/notifications/bulk}: any bytes are one bulk change or a typed refusal (see
 * {@link BodyFuzz}). An accepted change by ids touches exactly the distinct ids of this hub's
 * database that were sent, and nothing else.
 */
class InboxBulkFuzzTest {
    private static final String EPOCH = "fuzz";

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsOneBulkChangeOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        InboxBulk bulk = BodyFuzz.acceptedOrRefused(() -> BulkRequestParser.parse(tree, EPOCH));
        if (bulk == null) {
            return;
        }
        assertThat(bulk.action()).isEqualTo(InboxBulk.Action.of(tree.get("action").asText()));
        if (bulk.all()) {
            assertThat(tree.get("all").asBoolean()).isTrue();
            return;
        }
        Set<Long> ours = new HashSet<>();
        for (JsonNode id : tree.get("ids")) {
            EventId parsed = EventId.parse(id.asText());
            assertThat(parsed).isNotNull();
            if (parsed.epoch().equals(EPOCH)) {
                ours.add(parsed.seq());
            }
        }
        assertThat(bulk.seqs()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);
    }
}
