package dev.herald.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.herald.core.ErrorCode;
import dev.herald.server.http.Json;
import dev.herald.server.http.OpenApiDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/openapi.yaml as a test oracle: every exchange a test makes through {@link TestHub} is checked
 * here, so the suite fails when the code and the spec part ways. The reply is always checked (status
 * declared for the route, content type, required headers, JSON body against its schema, and an error
 * code whose status is the catalogue's); the request only when the hub accepted it (2xx): many tests
 * send wrong requests on purpose, but a request the hub accepts must be one the spec allows. Schemas
 * are checked by networknt's JSON Schema validator in the OpenAPI 3.1 dialect. Loaded once per JVM.
 */
public final class OpenApiContract {
    private static final String SPEC_ID = "https://herald.invalid/openapi.json";
    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final JsonNode spec = OpenApiDocument.tree();
    private final SpecRoutes routes = new SpecRoutes(spec);
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b
            .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
            .schemas(Map.of(SPEC_ID, Json.string(spec))));
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    public JsonNode spec() {
        return spec;
    }

    /** Fails the calling test, naming the route and what broke the spec. */
    public void assertHolds(Exchange x) {
        List<String> violations = violations(x);
        if (!violations.isEmpty()) {
            String body = x.responseBody() == null ? "(not read)" : clip(x.responseBody());
            throw new AssertionError("docs/openapi.yaml does not hold for " + x.describe() + ":\n  - "
                    + String.join("\n  - ", violations) + "\n  reply body: " + body);
        }
    }

    /** A reply to a raw request (possibly malformed on purpose): an error must have the error shape and catalogue status. */
    public void assertRawReplyHolds(int status, Map<String, String> headers, String body) {
        List<String> out = new ArrayList<>();
        if (status == 503 && parse(body).has("status")) {
            // A draining node's /health.
            checkJson("/components/schemas/Health", body, "health body", out);
        } else if (status >= 400) {
            checkError(status, body, out);
            expectHeader(headers, "Cache-Control", "no-store", out);
            expectHeader(headers, "Content-Type", "application/json", out);
        }
        if (!out.isEmpty()) {
            throw new AssertionError("docs/openapi.yaml does not hold for a raw reply " + status + ":\n  - "
                    + String.join("\n  - ", out) + "\n  reply body: " + clip(body));
        }
    }

    public List<String> violations(Exchange x) {
        List<String> out = new ArrayList<>();
        SpecRoutes.Match match = routes.match(x.method(), x.rawPath());
        String responsePointer;
        if (match == null || match.operation() == null) {
            responsePointer = routes.unroutedReply(x, match, out);
        } else {
            responsePointer = routes.response(match, x.status(), out);
            if (x.status() >= 200 && x.status() < 300) {
                new RequestCheck(this, routes, match, x, out).run();
            }
        }
        if (responsePointer != null) {
            checkReply(responsePointer, x, out);
        }
        // Error replies (not a draining /health, whose 503 carries its usual body) have one shape.
        if (x.status() >= 400 && x.responseBody() != null && isJson(x.responseHeader("Content-Type"))
                && parse(x.responseBody()).has("error")) {
            checkError(x.status(), x.responseBody(), out);
        }
        return out;
    }

    private void checkReply(String pointer, Exchange x, List<String> out) {
        JsonNode response = spec.at(pointer);
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String headerPointer = routes.resolvePointer(pointer + "/headers/" + SpecRoutes.escape(h.getKey()));
            JsonNode header = spec.at(headerPointer);
            Optional<String> value = x.responseHeader(h.getKey());
            if (value.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    out.add("reply header " + h.getKey() + " is required (" + pointer + ")");
                }
            } else {
                checkText(headerPointer + "/schema", value.get(), "reply header " + h.getKey(), out);
            }
        }
        JsonNode content = response.path("content");
        Optional<String> type = x.responseHeader("Content-Type");
        if (content.isMissingNode() || content.isEmpty()) {
            if (x.responseBody() != null && !x.responseBody().isEmpty()) {
                out.add("the spec declares no body for this reply, but one came (" + type.orElse("no Content-Type") + ")");
            }
            return;
        }
        if (type.isEmpty()) {
            out.add("reply has no Content-Type; the spec declares " + fieldNames(content));
            return;
        }
        String mediaType = mediaType(type.get());
        if (!content.has(mediaType)) {
            out.add("reply Content-Type " + type.get() + " is not one the spec declares: " + fieldNames(content));
            return;
        }
        if (mediaType.equals("application/json") && x.responseBody() != null) {
            checkJson(pointer + "/content/application~1json/schema", x.responseBody(), "reply body", out);
        }
    }

    /** Every error reply: the one shape, and the status the catalogue gives its code. */
    private void checkError(int status, String body, List<String> out) {
        checkJson("/components/schemas/Error", body, "error body", out);
        JsonNode code = parse(body).at("/error/code");
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code.asText()) && c.status() != status) {
                out.add("error code " + c.code() + " belongs with status " + c.status() + " (ErrorCode), not " + status);
            }
        }
    }

    void checkJson(String pointer, String text, String what, List<String> out) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            out.add(what + " is not JSON: " + e.getMessage());
            return;
        }
        validate(pointer, node, what, out);
    }

    /**
     * A parameter or header is text on the wire; it holds when one JSON reading of it (the string,
     * or the number or boolean it spells) is valid against its schema.
     */
    void checkText(String pointer, String text, String what, List<String> out) {
        List<JsonNode> readings = new ArrayList<>();
        readings.add(TextNode.valueOf(text));
        try {
            readings.add(LongNode.valueOf(Long.parseLong(text)));
        } catch (NumberFormatException ignored) {
            // not a whole number
        }
        if (text.equals("true") || text.equals("false")) {
            readings.add(BooleanNode.valueOf(Boolean.parseBoolean(text)));
        }
        List<String> first = new ArrayList<>();
        for (JsonNode reading : readings) {
            List<String> errors = new ArrayList<>();
            validate(pointer, reading, what + " '" + clip(text) + "'", errors);
            if (errors.isEmpty()) {
                return;
            }
            if (first.isEmpty()) {
                first = errors;
            }
        }
        out.addAll(first);
    }

    private void validate(String pointer, JsonNode node, String what, List<String> out) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(SPEC_ID + "#" + p)));
        schema.validate(node).forEach(e -> out.add(what + ": " + e + " (schema " + pointer + ")"));
    }

    private static void expectHeader(Map<String, String> headers, String name, String value, List<String> out) {
        String actual = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        if (actual == null) {
            actual = headers.get(name);
        }
        if (!value.equals(actual)) {
            out.add("reply header " + name + " must be '" + value + "', was " + (actual == null ? "absent" : "'" + actual + "'"));
        }
    }

    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isJson(Optional<String> contentType) {
        return contentType.map(t -> mediaType(t).equals("application/json")).orElse(false);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String clip(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
