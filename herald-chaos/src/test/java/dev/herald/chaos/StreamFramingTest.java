package dev.herald.chaos;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream client's own HTTP/SSE reading: lines by every SSE line ending, and chunked bodies. */
class StreamFramingTest {
    @Test
    void linesEndAtCrlfLfOrCrAndAnEmptyLineSurvives() throws IOException {
        StreamClient.Lines lines = new StreamClient.Lines(in("a\r\nb\nc\rd\r\n\r\ne"));
        assertThat(all(lines)).containsExactly("a", "b", "c", "d", "", "e");
    }

    @Test
    void aChunkedBodyIsDecodedAcrossChunkBoundariesThatSplitLines() throws IOException {
        String body = "id: e-1\nda";
        String rest = "ta: {\"x\":1}\n\n";
        String wire = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n"
                + Integer.toHexString(rest.length()) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n";
        ByteArrayInputStream raw = in(wire);
        assertThat(StreamClient.httpLine(raw)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(StreamClient.httpLine(raw)).isEqualTo("transfer-encoding: chunked");
        assertThat(StreamClient.httpLine(raw)).isEmpty();
        StreamClient.Lines frames = new StreamClient.Lines(new StreamClient.Chunked(raw));
        assertThat(all(frames)).containsExactly("id: e-1", "data: {\"x\":1}", "");
    }

    @Test
    void titlesCarryTheUserAndTheKey() {
        assertThat(Workload.parseTitle(Workload.title("c3", "k42"))).containsExactly("c3", "k42");
        assertThat(Workload.parseTitle("something else")).containsExactly("?", "something else");
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> all(StreamClient.Lines lines) throws IOException {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = lines.next()) != null) {
            out.add(l);
        }
        return out;
    }
}
