package dev.herald.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** Request bodies: JSON only, at most 64 KiB (the limit is enforced by the body handler). */
final class JsonBody {
    static final int MAX_BYTES = 64 * 1024;
    /**
     * The batch publish route's limit: room for 1000 typical notifications (about 1 KiB each) in one
     * request, while one request still buffers a bounded amount per connection.
     */
    static final int MAX_BATCH_BYTES = 1024 * 1024;

    private JsonBody() {
    }

    /** Rejects anything not declared as JSON (415). */
    static Handler<RoutingContext> requireJsonContentType() {
        return ctx -> {
            String type = ctx.request().getHeader("Content-Type");
            String mime = type == null ? "" : type.split(";", 2)[0].trim();
            if (!mime.equalsIgnoreCase("application/json")) {
                throw new HeraldException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
            }
            ctx.next();
        };
    }

    /**
     * Parses the body; malformed JSON (including duplicate keys) is a 400, a string that is not
     * well-formed text a 422 (see {@link JsonTree}, which also keeps every number's literal text).
     */
    static JsonNode parse(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return parse(body == null ? null : body.getBytes());
    }

    /** {@link #parse(RoutingContext)} for bytes that did not come by HTTP (an ingest source's message). */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "the body is empty; send a JSON object");
        }
        try {
            JsonNode node = JsonTree.read(body);
            if (node == null) {
                throw new HeraldException(ErrorCode.INVALID_JSON, "the body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new HeraldException(ErrorCode.INVALID_JSON, "the body is not valid JSON" + where);
        } catch (IOException e) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "the body is not valid JSON");
        }
    }

    /**
     * The body as an object with no fields but {@code known} (422 otherwise): a misspelt field must
     * fail loudly, not be ignored. The offending name is echoed clipped and without control characters.
     */
    static ObjectNode object(JsonNode body, Set<String> known) {
        if (!(body instanceof ObjectNode obj)) {
            throw Invalid.field("the body must be a JSON object");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw Invalid.field("unknown field '" + clip(name) + "'");
            }
        }
        return obj;
    }

    static String clip(String s) {
        String safe = s.replaceAll("\\p{Cntrl}", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }
}
