package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.sse.SpecEventStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The properties every JSON body fuzz test holds its parser to. A body is either accepted or refused
 * with the hub's own error ({@link HeraldException}: {@code invalid_json} or {@code validation_failed},
 * with a message fit for a client); any other throwable (a NullPointerException, a ClassCastException,
 * a StackOverflowError...) escapes, and Jazzer reports it as a finding.
 */
final class BodyFuzz {
    private BodyFuzz() {
    }

    /** The body's JSON tree, or null when the hub refuses it; a tree written out reads back the same. */
    static JsonNode tree(byte[] body) {
        JsonNode tree = acceptedOrRefused(() -> JsonBody.parse(body));
        if (tree != null) {
            assertThat(reread(Json.bytes(tree))).isEqualTo(tree);
        }
        return tree;
    }

    /** What {@code parse} returns, or null when it refuses the input with a client error. */
    static <T> T acceptedOrRefused(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (HeraldException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_JSON, ErrorCode.VALIDATION_FAILED);
            // Shown to the client as is: it may quote the input, but never a raw control character of it.
            assertThat(e.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
            return null;
        }
    }

    /** JSON the hub wrote, read back by the hub's own reader. */
    static JsonNode reread(byte[] json) {
        try {
            return JsonTree.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An accepted item can be delivered: it becomes an SSE frame, and a browser reads that frame as one
     * event carrying the item's JSON under its name and id.
     */
    static Item deliverable(NewItem accepted) {
        Item item = new Item("fuzz", 7, accepted);
        SpecEventStream read = SpecEventStream.read(item.frame().bytes());
        assertThat(read.events()).containsExactly(new SpecEventStream.Event(accepted.event(), item.dataJson(), "fuzz-7"));
        assertThat(reread(item.dataJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
        return item;
    }
}
