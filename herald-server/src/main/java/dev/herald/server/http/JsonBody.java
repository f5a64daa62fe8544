package dev.herald.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/** Request bodies: JSON only, at most 64 KiB (the limit is enforced by the body handler). */
final class JsonBody {
    static final int MAX_BYTES = 64 * 1024;

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

    /** Parses the body; malformed JSON (including duplicate keys) is a 400. */
    static JsonNode parse(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "the body is empty; send a JSON object");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
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
}
