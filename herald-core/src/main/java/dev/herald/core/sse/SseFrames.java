package dev.herald.core.sse;

import java.nio.charset.StandardCharsets;

/**
 * The Server-Sent Events wire format, and the only place that writes it. Every frame is built once
 * and its bytes shared by every stream that receives it.
 *
 * <p>Field injection guard (CWE-93): a CR or LF inside {@code id} or {@code event} would let a
 * value end its line and start a forged field or event, so those are rejected. Data is split into
 * one {@code data:} line per line of text, which is how SSE carries newlines, so it cannot escape.
 * An unpaired UTF-16 surrogate anywhere is rejected too: UTF-8 cannot carry it, and the encoder
 * would silently write {@code ?} instead, so the client would read other text than was sent.
 */
public final class SseFrames {
    /** A comment line: keeps proxies and the client watchdog from timing the stream out. */
    public static final byte[] HEARTBEAT = bytes(":\n\n");

    private SseFrames() {
    }

    /** {@code retry: ms} tells the browser how long to wait before reconnecting. */
    public static byte[] retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must be >= 0");
        }
        return bytes("retry: " + millis + "\n\n");
    }

    /** A full event; {@code id} may be null for control events that must not move the position. */
    public static byte[] event(String id, String event, String data) {
        StringBuilder sb = new StringBuilder(32 + data.length());
        if (id != null) {
            sb.append("id: ").append(checkField("id", id)).append('\n');
        }
        if (event != null) {
            sb.append("event: ").append(checkField("event", event)).append('\n');
        }
        appendData(sb, data);
        sb.append('\n');
        return bytes(sb.toString());
    }

    /**
     * An id with no data. Browsers take the id as their Last-Event-ID without firing an event, so a
     * stream can pin its position before the first real item arrives.
     */
    public static byte[] idOnly(String id) {
        return bytes("id: " + checkField("id", id) + "\n\n");
    }

    /** A comment; comments are ignored by clients and carry nothing but liveness. */
    public static byte[] comment(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 4);
        for (String line : text.split("\r\n|\r|\n", -1)) {
            sb.append(": ").append(line).append('\n');
        }
        return bytes(sb.append('\n').toString());
    }

    private static void appendData(StringBuilder sb, String data) {
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (Character.isSurrogate(c)) {
                i = checkPair("data", data, i);
            } else if (c == '\r' || c == '\n') {
                sb.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        sb.append("data: ").append(data, start, n).append('\n');
    }

    private static String checkField(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(name + " must not contain CR, LF or NUL");
            }
            if (Character.isSurrogate(c)) {
                i = checkPair(name, value, i);
            }
        }
        return value;
    }

    /** The index of the pair's second half when the surrogate at {@code i} starts a pair; else throws. */
    private static int checkPair(String name, String text, int i) {
        if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))) {
            return i + 1;
        }
        throw new IllegalArgumentException(name + " must not contain an unpaired UTF-16 surrogate");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
