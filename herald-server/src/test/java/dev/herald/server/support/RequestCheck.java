package dev.herald.server.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a request the hub accepted is one the spec allows: its parameters (path, query, header),
 * its credentials (one of the operation's security requirements), and its body.
 */
final class RequestCheck {
    private final OpenApiContract contract;
    private final SpecRoutes routes;
    private final SpecRoutes.Match match;
    private final Exchange x;
    private final List<String> out;
    private final JsonNode spec;

    RequestCheck(OpenApiContract contract, SpecRoutes routes, SpecRoutes.Match match, Exchange x, List<String> out) {
        this.contract = contract;
        this.routes = routes;
        this.match = match;
        this.x = x;
        this.out = out;
        this.spec = contract.spec();
    }

    void run() {
        Map<String, String> query = query(x.rawQuery());
        for (String pointer : routes.parameterPointers(match)) {
            JsonNode param = spec.at(pointer);
            String name = param.path("name").asText();
            String in = param.path("in").asText();
            Optional<String> value = switch (in) {
                case "path" -> Optional.ofNullable(match.pathValues().get(name));
                case "query" -> Optional.ofNullable(query.get(name));
                case "header" -> x.requestHeader(name);
                default -> Optional.empty();
            };
            if (value.isEmpty()) {
                if (param.path("required").asBoolean(false)) {
                    out.add("request: " + in + " parameter " + name + " is required");
                }
                continue;
            }
            contract.checkText(pointer + "/schema", value.get(), "request " + in + " parameter " + name, out);
        }
        checkSecurity(query);
        checkBody();
    }

    private void checkSecurity(Map<String, String> query) {
        JsonNode requirements = match.operation().has("security") ? match.operation().path("security") : spec.path("security");
        if (requirements.isMissingNode() || requirements.isEmpty()) {
            return;
        }
        for (JsonNode requirement : requirements) {
            boolean all = true;
            for (Iterator<String> it = requirement.fieldNames(); it.hasNext(); ) {
                all &= satisfied(spec.at("/components/securitySchemes/" + SpecRoutes.escape(it.next())), query);
            }
            if (all) {
                return;
            }
        }
        out.add("request: the hub accepted credentials that none of the operation's security requirements describes "
                + requirements);
    }

    private boolean satisfied(JsonNode scheme, Map<String, String> query) {
        String type = scheme.path("type").asText();
        if (type.equals("http")) {
            return x.requestHeader("Authorization")
                    .filter(h -> h.regionMatches(true, 0, scheme.path("scheme").asText() + " ", 0,
                            scheme.path("scheme").asText().length() + 1))
                    .isPresent();
        }
        if (type.equals("apiKey")) {
            String name = scheme.path("name").asText();
            return scheme.path("in").asText().equals("query") ? query.containsKey(name) && !query.get(name).isEmpty()
                    : x.requestHeader(name).isPresent();
        }
        return false;
    }

    private void checkBody() {
        String pointer = routes.resolvePointer(match.operationPointer() + "/requestBody");
        JsonNode body = spec.at(pointer);
        boolean sent = x.requestBody() != null && !x.requestBody().isEmpty();
        if (body.isMissingNode()) {
            return;
        }
        if (!sent) {
            if (body.path("required").asBoolean(false)) {
                out.add("request: the spec requires a body, the hub accepted none");
            }
            return;
        }
        Optional<String> type = x.requestHeader("Content-Type").map(OpenApiContract::mediaType);
        if (type.isEmpty() || !body.path("content").has(type.get())) {
            out.add("request: Content-Type " + type.orElse("(none)") + " is not one the spec declares for the body");
            return;
        }
        if (type.get().equals("application/json")) {
            contract.checkJson(pointer + "/content/application~1json/schema", x.requestBody(), "request body", out);
        }
    }

    /** The first value of each query parameter, decoded as the server reads it. */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = SpecRoutes.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : SpecRoutes.decodeQuery(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
