package dev.herald.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * No text can make {@link SseFrames} write a frame boundary, a field or a second event: whatever id,
 * event name, data and comment the fuzzer picks, the bytes read by a browser's rules
 * ({@link SpecEventStream}) give back exactly one event with that very name, data (its CR and CRLF
 * read as LF, the one line break SSE data has) and id, and the
 * event written after it still arrives whole. Text the writer cannot carry (a line break or NUL in
 * a field, an unpaired surrogate anywhere) is refused with {@link IllegalArgumentException}, and only
 * such text.
 */
class SseFramesFuzzTest {
    /** What breaks a line (or a parser that is not quite the standard's), and what starts a field. */
    private static final String[] TRICKY = {"\r", "\n", "\r\n", "\n\n", "\0", "\u2028", "\u2029", "\u0085",
        "\uFEFF", "\uD800", "\uDC00", "\uD83D\uDE00", ":", " ", "data: ", "id: ", "event: ", "retry: 1"};
    private static final byte[] NEXT = "event: next\ndata: after\n\n".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxExecutions = 20000)
    void noTextWritesAFrameBoundaryOrAField(FuzzedDataProvider in) {
        String id = in.consumeBoolean() ? null : text(in, 40);
        String event = in.consumeBoolean() ? null : text(in, 40);
        String comment = text(in, 40);
        String data = text(in, 400);

        if (!carriable(id, true) || !carriable(event, true) || !carriable(data, false)) {
            assertThatThrownBy(() -> SseFrames.event(id, event, data)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        SpecEventStream read = SpecEventStream.read(concat(SseFrames.comment(comment), SseFrames.event(id, event, data), NEXT));

        String expectedId = id == null ? "" : id;
        // SSE has one line break in data, LF: a CR or CRLF is read as LF, by any client (nothing to fix).
        String expectedData = data.replace("\r\n", "\n").replace('\r', '\n');
        assertThat(read.events()).containsExactly(
                new SpecEventStream.Event(event == null || event.isEmpty() ? "message" : event, expectedData, expectedId),
                new SpecEventStream.Event("next", "after", expectedId));
        assertThat(read.reconnectionTime()).isEqualTo(-1);

        if (id != null) {
            // An id-only frame moves the position and dispatches nothing.
            SpecEventStream pinned = SpecEventStream.read(SseFrames.idOnly(id));
            assertThat(pinned.events()).isEmpty();
            assertThat(pinned.lastEventId()).isEqualTo(id);
        }
    }

    /** Text a field ({@code id:}, {@code event:}) or the data can carry unchanged. */
    private static boolean carriable(String s, boolean field) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (field && (c == '\r' || c == '\n' || c == '\0')) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Up to {@code pieces} pieces, each a tricky token or any one char, so the fuzzer reaches both. */
    private static String text(FuzzedDataProvider in, int pieces) {
        int n = in.consumeInt(0, pieces);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(in.consumeBoolean() ? in.pickValue(TRICKY) : String.valueOf(in.consumeChar()));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : List.of(parts)) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
