package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.json}: the API's contract, {@code docs/openapi.yaml}, which the build copies
 * into the jar; converted to compact JSON once per process (a missing or broken document fails the
 * start, not a request) and served from those bytes.
 */
public final class OpenApiDocument {
    /** Where the build puts docs/openapi.yaml on the classpath. */
    private static final String RESOURCE = "openapi/openapi.yaml";

    /** Each event loop answers from its own buffer (a Buffer is not meant to be shared across threads). */
    private final Buffer json = Buffer.buffer(Holder.JSON);

    void serve(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(json);
    }

    /** docs/openapi.yaml as a JSON tree, read from the classpath. */
    public static JsonNode tree() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (the build copies docs/openapi.yaml)");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static final class Holder {
        static final byte[] JSON = Json.bytes(tree());
    }
}
