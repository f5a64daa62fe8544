package dev.herald.server.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The paths of the spec as a router: which path item and operation a request reaches (a literal
 * segment beats a template, as OpenAPI says), which response object a status selects, and the
 * replies a request no operation takes must be (404, 405, a CORS preflight). Everything is named by
 * JSON pointer into the spec, {@code $ref}s followed.
 */
final class SpecRoutes {
    /** A request's place in the spec: its path item, its operation (null: the method is not declared) and path values. */
    record Match(String template, String pathPointer, String operationPointer, JsonNode operation,
                 Map<String, String> pathValues) {
    }

    private final JsonNode spec;
    private final Map<String, Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

    SpecRoutes(JsonNode spec) {
        this.spec = spec;
    }

    /**
     * Where the request goes: among the paths that match, the one that declares the method, with the
     * fewest templated segments (a literal segment beats a template); when none declares it, the
     * closest path (its reply must then be 405). Null when no path matches.
     */
    Match match(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        Match best = null;
        for (Iterator<String> it = spec.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            Map<String, String> values = new LinkedHashMap<>();
            String[] parts = template.split("/", -1);
            String pathPointer = "/paths/" + escape(template);
            if (parts.length != segments.length || !matches(parts, segments, values) || !fits(pathPointer, values)) {
                continue;
            }
            String opPointer = pathPointer + "/" + method.toLowerCase(Locale.ROOT);
            JsonNode op = spec.at(opPointer);
            Match candidate = new Match(template, pathPointer, opPointer, op.isMissingNode() ? null : op, values);
            if (best == null || better(candidate, best)) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Whether path values fit their parameters' patterns: a router does not send {@code /nope} to the
     * web files' route ({@code /{file}}), whose names must end in a file type.
     */
    private boolean fits(String pathPointer, Map<String, String> values) {
        for (Iterator<Map.Entry<String, JsonNode>> ops = spec.at(pathPointer).fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            JsonNode params = op.getValue().path("parameters");
            for (int i = 0; i < params.size(); i++) {
                JsonNode param = spec.at(resolvePointer(pathPointer + "/" + escape(op.getKey()) + "/parameters/" + i));
                String value = values.get(param.path("name").asText());
                JsonNode pattern = resolved(param.path("schema")).path("pattern");
                if (param.path("in").asText().equals("path") && value != null && pattern.isTextual()
                        && !patterns.computeIfAbsent(pattern.asText(), Pattern::compile).matcher(value).find()) {
                    return false;
                }
            }
        }
        return true;
    }

    private JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static boolean better(Match a, Match b) {
        if ((a.operation() != null) != (b.operation() != null)) {
            return a.operation() != null;
        }
        return a.pathValues().size() < b.pathValues().size();
    }

    private static boolean matches(String[] parts, String[] segments, Map<String, String> values) {
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return false;
                }
                values.put(part.substring(1, part.length() - 1), decode(segments[i]));
            } else if (!part.equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The response object for the status (exact, then {@code 4XX}, then {@code default}), or null with a violation. */
    String response(Match match, int status, List<String> out) {
        String responses = match.operationPointer() + "/responses/";
        for (String key : new String[]{Integer.toString(status), (status / 100) + "XX", "default"}) {
            if (!spec.at(responses + escape(key)).isMissingNode()) {
                return resolvePointer(responses + escape(key));
            }
        }
        out.add("status " + status + " is not declared for " + match.operationPointer().substring("/paths/".length())
                .replace("~1", "/"));
        return null;
    }

    /**
     * The reply a request no operation takes must be: a CORS preflight's, 405 for a declared path
     * with another method, 404 for any other path (or a file name no web file has), 400 for a bad
     * escape.
     */
    String unroutedReply(Exchange x, Match match, List<String> out) {
        boolean preflight = x.method().equals("OPTIONS") && x.requestHeader("Access-Control-Request-Method").isPresent();
        Map<Integer, String> allowed = new LinkedHashMap<>();
        if (preflight) {
            allowed.put(204, "CorsPreflight");
            allowed.put(403, "Forbidden");
        }
        if (match != null) {
            allowed.put(405, "MethodNotAllowed");
        }
        allowed.put(404, "NotFound");
        allowed.put(400, "InvalidRequest");
        String name = allowed.get(x.status());
        if (name == null) {
            out.add(match == null ? "no path of the spec matches " + x.rawPath() + ", so only 404 or 400 may answer"
                    : x.method() + " is not declared for " + match.template() + ", so only " + allowed.keySet() + " may answer");
            return null;
        }
        return "/components/responses/" + name;
    }

    /** Follows {@code $ref}s from a pointer to the object it finally names. */
    String resolvePointer(String pointer) {
        for (int hops = 0; hops < 20; hops++) {
            JsonNode ref = spec.at(pointer).path("$ref");
            if (!ref.isTextual()) {
                return pointer;
            }
            pointer = ref.asText().substring(1);
        }
        throw new IllegalStateException("$ref loop at " + pointer);
    }

    /** The parameters that apply to an operation: the path item's, overridden by the operation's. */
    List<String> parameterPointers(Match match) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String owner : new String[]{match.pathPointer(), match.operationPointer()}) {
            JsonNode params = spec.at(owner + "/parameters");
            for (int i = 0; i < params.size(); i++) {
                String p = resolvePointer(owner + "/parameters/" + i);
                JsonNode param = spec.at(p);
                byKey.put(param.path("in").asText() + ":" + param.path("name").asText(), p);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A path segment's text ({@code +} is a plus sign in a path). */
    static String decode(String raw) {
        return decodeQuery(raw.replace("+", "%2B"));
    }

    /** A query component's text ({@code +} is a space, as the server reads it). */
    static String decodeQuery(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return raw;
        }
    }
}
