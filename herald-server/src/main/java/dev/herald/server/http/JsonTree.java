package dev.herald.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.herald.server.auth.Utf16;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a request body into a Jackson tree with two rules Jackson's own reader does not keep:
 * <ul>
 *   <li>every string and every field name is well-formed UTF-16 text; a lone surrogate (the escape
 *   {@code "\ud800"}) is a 422 naming where it is, at any depth, before any field is looked at;</li>
 *   <li>every number keeps its value exactly: integers as Jackson reads them (exact at any size),
 *   and decimals, exponents and {@code -0} as their literal text ({@link LiteralNumberNode}), so
 *   {@code data} goes out as it came in.</li>
 * </ul>
 * Syntax stays the mapper's: duplicate keys are errors, and so is anything after the value. Depth is
 * bounded by the parser (Jackson's nesting limit), so the recursion is too.
 */
final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The body's one JSON value, or null when the body holds none (only whitespace). */
    static JsonNode read(byte[] body) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode root = value(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "unexpected content after the JSON value");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY:
                return array(p);
            case VALUE_STRING:
                return TextNode.valueOf(text(p, p.getText(), false));
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                return new LiteralNumberNode(p.getText());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.instance;
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    private static ObjectNode object(JsonParser p) throws IOException {
        ObjectNode obj = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            text(p, name, true);
            p.nextToken();
            obj.set(name, value(p));
        }
        return obj;
    }

    private static ArrayNode array(JsonParser p) throws IOException {
        ArrayNode arr = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            arr.add(value(p));
        }
        return arr;
    }

    /** Jackson's integer nodes print exactly what was sent, except {@code -0}, which they make 0. */
    private static JsonNode integer(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> p.getIntValue() == 0 && p.getText().charAt(0) == '-'
                    ? new LiteralNumberNode(p.getText()) : IntNode.valueOf(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
        };
    }

    private static String text(JsonParser p, String s, boolean fieldName) {
        if (!Utf16.isWellFormed(s)) {
            String where = where(p.getParsingContext(), fieldName);
            String what = fieldName ? (where.isEmpty() ? "a field name" : "a field name in " + where)
                    : (where.isEmpty() ? "the body" : where);
            throw Invalid.field(what + " is not well-formed text: it holds an unpaired UTF-16 surrogate");
        }
        return s;
    }

    /**
     * Where the parser is, as {@code notifications[1].userId}: the path of the value being read, or
     * of the object whose field name is being read. Names are clipped and without control characters.
     */
    private static String where(JsonStreamContext ctx, boolean atFieldName) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null && !(c == ctx && atFieldName)) {
                parts.add("." + JsonBody.clip(c.getCurrentName()));
            }
        }
        Collections.reverse(parts);
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
