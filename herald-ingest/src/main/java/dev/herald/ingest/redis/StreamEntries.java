package dev.herald.ingest.redis;

import dev.herald.core.ingest.IngestMessage;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code XREADGROUP} answers (RESP2) into messages; positions are {@code <stream>/<entry id>}. */
final class StreamEntries {
    private StreamEntries() {
    }

    /** One entry: a message, or only an id when the entry was deleted while pending (nothing to publish). */
    record Entry(String id, IngestMessage message) {
    }

    /** The entries of {@code stream} in an {@code XREADGROUP} answer, in id order (none for nil). */
    static List<Entry> parse(String stream, Response answer) {
        List<Entry> out = new ArrayList<>();
        if (answer == null) {
            return out;
        }
        for (Response perStream : answer) {
            Response entries = perStream.get(1);
            if (entries == null) {
                continue;
            }
            for (Response e : entries) {
                String id = e.get(0).toString();
                Response fields = e.size() > 1 ? e.get(1) : null;
                out.add(new Entry(id, fields == null ? null : message(stream, id, fields)));
            }
        }
        return out;
    }

    private static IngestMessage message(String stream, String id, Response fields) {
        byte[] body = new byte[0];
        String kind = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String name = fields.get(i).toString();
            Response value = fields.get(i + 1);
            if ("body".equals(name) && value != null) {
                body = value.toBytes();
            } else if ("kind".equals(name) && value != null) {
                kind = value.toString();
            }
        }
        // No body field: an empty body, which the sink rejects as invalid JSON into the dead letters.
        return new IngestMessage(stream, position(stream, id), kind, body);
    }

    /**
     * The entry's identity: the stream key and its id. Ids are {@code <ms>-<seq>} of Redis's clock,
     * so a stream deleted and created again does not reuse them (unless a writer sets ids itself).
     */
    static String position(String stream, String id) {
        return stream + "/" + id;
    }

    /** The entry id back from a {@link #position}. */
    static String id(IngestMessage message) {
        String p = message.position();
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
