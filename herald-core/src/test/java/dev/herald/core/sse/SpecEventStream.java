package dev.herald.core.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An event stream read exactly as the WHATWG HTML standard tells a browser to read one ("Server-sent
 * events", section 9.2.6, "Interpreting an event stream"): the oracle the frame writer is checked
 * against. Kept literal on purpose, one rule per line of the standard, so that a difference between
 * what {@link SseFrames} meant and what a browser sees shows up here.
 */
public final class SpecEventStream {
    /** One dispatched event: its type ("message" when none was given), its data, its last event ID. */
    public record Event(String type, String data, String lastEventId) {
    }

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private String lastEventId = "";
    private long reconnectionTime = -1;

    private SpecEventStream() {
    }

    /** Reads a whole stream; an event the stream did not finish (no blank line yet) is not dispatched. */
    public static SpecEventStream read(byte[] stream) {
        SpecEventStream reader = new SpecEventStream();
        // UTF-8 decode, errors replaced by U+FFFD; one leading BOM is not part of the stream.
        String text = new String(stream, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // Lines end with CRLF, a lone LF or a lone CR, and with nothing else (not U+2028, not NEL).
            if (c == '\r' || c == '\n') {
                reader.line(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        // What follows the last line break is an unfinished line: ignored at the end of the stream.
        return reader;
    }

    public List<Event> events() {
        return events;
    }

    /** The last event ID string after the whole stream: what a reconnect would send as Last-Event-ID. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time a {@code retry} field set, or -1 when none did. */
    public long reconnectionTime() {
        return reconnectionTime;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            field(line, "");
            return;
        }
        String value = line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        field(line.substring(0, colon), value);
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    reconnectionTime = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
                }
            }
            default -> {
                // Any other field is ignored.
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        if (data.charAt(data.length() - 1) == '\n') {
            data.setLength(data.length() - 1);
        }
        events.add(new Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId));
        data.setLength(0);
        eventType = "";
    }
}
