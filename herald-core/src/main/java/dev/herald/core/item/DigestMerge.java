package dev.herald.core.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The content of a digest's inbox item after one more notification merged into it: the latest
 * notification's content (its title, body, data, everything it says) with the digest's {@code count},
 * the first notification's {@code createdAt} (the item's place in the inbox does not move) and the
 * latest one's as {@code updatedAt}; the title is the latest one's {@link Digest#titleTemplate} with
 * {@code {count}} replaced when it gave one. Stores call it inside their write transaction.
 *
 * <p>Copied token by token, numbers as their text: the latest notification's data goes out exactly
 * as the publisher wrote it ({@code 1e400} stays {@code 1e400}), as every notification's does.
 */
public final class DigestMerge {
    private static final JsonFactory JSON = new JsonFactory();

    private DigestMerge() {
    }

    /**
     * @param first  the digest item's stored content (the first notification's, or an earlier merge)
     * @param latest the notification merging into it, its content as its publish built it
     * @param count  how many notifications the item stands for after this one
     */
    public static byte[] merged(byte[] first, NewItem latest, long count) {
        String template = latest.digest() == null ? null : latest.digest().titleTemplate();
        try {
            String createdAt = topLevelText(first, "createdAt");
            ByteArrayOutputStream out = new ByteArrayOutputStream(latest.content().length + 64);
            try (JsonParser p = JSON.createParser(latest.content()); JsonGenerator g = JSON.createGenerator(out)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a JSON object");
                }
                g.writeStartObject();
                boolean counted = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "count" -> {
                            g.writeNumberField("count", count);
                            counted = true;
                        }
                        case "title" -> {
                            g.writeFieldName("title");
                            if (template != null) {
                                g.writeString(template.replace(Digest.COUNT, Long.toString(count)));
                            } else {
                                copy(p, g);
                            }
                        }
                        case "createdAt" -> {
                            g.writeFieldName("createdAt");
                            String updatedAt = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                            if (createdAt != null) {
                                g.writeString(createdAt);
                            } else {
                                copy(p, g);
                            }
                            if (updatedAt != null) {
                                g.writeStringField("updatedAt", updatedAt);
                            }
                        }
                        case "updatedAt" -> p.skipChildren(); // a publish never has one; the merge sets it
                        default -> {
                            g.writeFieldName(name);
                            copy(p, g);
                        }
                    }
                }
                if (!counted) {
                    g.writeNumberField("count", count);
                }
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            // The server built both; a store never holds anything else for a notification.
            throw new UncheckedIOException("a digest's content is not a JSON object", e);
        }
    }

    /** The value at the parser's current token, numbers as their text. */
    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    copy(p, g);
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    copy(p, g);
                }
                g.writeEndArray();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_STRING -> g.writeString(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IOException("unexpected " + p.currentToken());
        }
    }

    /** A top-level string member of a JSON object, or null. */
    private static String topLevelText(byte[] content, String field) throws IOException {
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        }
    }
}
