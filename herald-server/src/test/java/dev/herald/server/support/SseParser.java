package dev.herald.server.support;

import java.util.ArrayList;
import java.util.List;

/**
 * A spec-following SSE parser for tests (WHATWG "event stream interpretation"): lines end in CRLF,
 * LF or CR; one leading space after the colon is dropped; comments are ignored; an event is
 * dispatched on a blank line if it has data. Id-only blocks update {@link #lastEventId()} only.
 */
public final class SseParser {
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private boolean pendingCr;
    private int comments;
    private Long retry;

    /** Feeds decoded characters; returns the events completed by them. */
    public List<SseEvent> feed(CharSequence chars) {
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\r' || c == '\n') {
                pendingCr = c == '\r';
                processLine(line.toString(), out);
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
        return out;
    }

    private void processLine(String l, List<SseEvent> out) {
        if (l.isEmpty()) {
            if (data.length() > 0) {
                String d = data.substring(0, data.length() - 1);
                out.add(new SseEvent(lastEventId, eventType.isEmpty() ? "message" : eventType, d));
            }
            data.setLength(0);
            eventType = "";
            return;
        }
        if (l.charAt(0) == ':') {
            comments++;
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (value.matches("\\d+")) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
            }
        }
    }

    public String lastEventId() {
        return lastEventId;
    }

    public int comments() {
        return comments;
    }

    public Long retry() {
        return retry;
    }
}
