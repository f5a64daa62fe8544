package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.herald.core.ErrorCode;
import dev.herald.server.support.OpenApiContract;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml against the running code: the node serves exactly that document, every route the
 * router has is in it and every operation in it is a route, and its error responses agree with the
 * one catalogue (ErrorCode). Every other server test checks its own exchanges against it (TestHub).
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static TestHub hub;
    private static final JsonNode SPEC = OpenApiContract.get().spec();

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void theNodeServesDocsOpenapiYamlAsJson() throws Exception {
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri("/v1/openapi.json")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode repositoryCopy = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docs", "openapi.yaml").toFile());
        assertThat(TestHub.json(r)).isEqualTo(repositoryCopy);
        assertThat(repositoryCopy.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void aPageOnAnotherOriginMayReadTheDocumentWhenCorsIsOn() {
        try (TestHub cors = TestHub.start(Map.of("--cors-origins", "https://tools.example"))) {
            HttpResponse<String> preflight = cors.send(HttpRequest.newBuilder(cors.uri("/v1/openapi.json"))
                    .header("Origin", "https://tools.example").header("Access-Control-Request-Method", "GET")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            HttpResponse<String> r = cors.send(HttpRequest.newBuilder(cors.uri("/v1/openapi.json"))
                    .header("Origin", "https://tools.example").GET().build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://tools.example");
        }
    }

    @Test
    void theDocumentIsAValidOpenApi31Document() {
        // The official schema of OpenAPI 3.1 documents (with its JSON Schema dialect for the schemas
        // inside), as published at spec.openapis.org and carried by vertx-openapi's jar.
        String base = "https://spec.openapis.org/oas/3.1/";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaIdResolvers(r -> r.mapPrefix(base, "classpath:spec.openapis.org/oas/3.1/")));
        Schema documentSchema = registry.getSchema(SchemaLocation.of(base + "schema-base/2022-10-07"));
        assertThat(documentSchema.validate(SPEC)).as("docs/openapi.yaml against the OpenAPI 3.1 schema").isEmpty();
        // The schema allows any x- key and unknown formats; these are the mistakes it would miss.
        assertThat(SPEC.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> operationIds = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        SPEC.path("paths").forEach(item -> item.fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey()) && !operationIds.add(op.getValue().path("operationId").asText())) {
                duplicates.add(op.getValue().path("operationId").asText());
            }
        }));
        assertThat(duplicates).as("operationIds are unique").isEmpty();
    }

    @Test
    void everyRouteOfTheRouterIsInTheSpecAndEveryOperationOfTheSpecIsARoute() {
        Set<String> routed = new TreeSet<>();
        List<Pattern> patternRoutes = new ArrayList<>();
        for (String route : hub.server().routes()) {
            if (route.startsWith("* ~")) {
                patternRoutes.add(Pattern.compile(route.substring(3)));
            } else {
                // Vert.x writes a path parameter :name, OpenAPI {name}.
                routed.add(route.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
            }
        }
        assertThat(patternRoutes).as("the web files' route among " + hub.server().routes()).hasSize(1);
        Pattern files = patternRoutes.get(0);

        Set<String> specified = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = SPEC.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    specified.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        // The pattern route serves /herald.js and every other single-segment file name: /{file} in the spec.
        String fileParam = SPEC.at("/paths/~1{file}/get/parameters/0/schema/pattern").asText();
        assertThat(fileParam).as("the spec's file name pattern is the router's").isEqualTo(
                "^" + files.pattern().substring(2, files.pattern().length() - 1) + "$");
        routed.add("GET /{file}");

        Set<String> unspecified = new TreeSet<>(routed);
        unspecified.removeAll(specified);
        assertThat(unspecified).as("routes the router serves that docs/openapi.yaml does not describe").isEmpty();

        Set<String> unrouted = new TreeSet<>(specified);
        unrouted.removeAll(routed);
        unrouted.removeIf(op -> op.startsWith("GET ") && files.matcher(op.substring(4)).matches());
        assertThat(unrouted).as("operations in docs/openapi.yaml that no route serves").isEmpty();
    }

    @Test
    void theErrorCatalogueIsTheSpecsAndEveryErrorResponseGivesItsCodesTheirStatus() {
        Set<String> catalogue = new TreeSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            catalogue.add(c.code());
        }
        Set<String> specCodes = new TreeSet<>();
        SPEC.at("/components/schemas/ErrorCode/enum").forEach(n -> specCodes.add(n.asText()));
        assertThat(specCodes).isEqualTo(catalogue);

        Map<String, String> wrong = new TreeMap<>();
        Set<String> declared = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = SPEC.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> op.getValue().path("responses").fields().forEachRemaining(r -> {
                String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + r.getKey();
                for (String code : codes(resolve(r.getValue()))) {
                    declared.add(code);
                    ErrorCode c = byCode(code);
                    if (c == null || !Integer.toString(c.status()).equals(r.getKey())) {
                        wrong.put(where, code);
                    }
                }
            }));
        }
        SPEC.at("/components/responses").fields().forEachRemaining(r -> declared.addAll(codes(r.getValue())));
        assertThat(wrong).as("error codes declared under a status the catalogue does not give them").isEmpty();
        assertThat(declared).as("every code of the catalogue is answered somewhere").isEqualTo(catalogue);
    }

    /** The error codes a response declares (the const or enum of error.code in its allOf). */
    private static Set<String> codes(JsonNode response) {
        Set<String> out = new TreeSet<>();
        JsonNode schema = resolve(response.at("/content/application~1json/schema"));
        for (JsonNode part : schema.path("allOf")) {
            JsonNode code = part.at("/properties/error/properties/code");
            if (code.has("const")) {
                out.add(code.get("const").asText());
            }
            code.path("enum").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = SPEC.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static ErrorCode byCode(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }
}
