package dev.herald.core.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseFramesTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void eventWithIdNameAndData() {
        assertThat(s(SseFrames.event("e1-7", "notification", "{\"a\":1}")))
                .isEqualTo("id: e1-7\nevent: notification\ndata: {\"a\":1}\n\n");
    }

    @Test
    void controlEventWithoutId() {
        assertThat(s(SseFrames.event(null, "connected", "{}"))).isEqualTo("event: connected\ndata: {}\n\n");
    }

    @Test
    void everyKindOfLineBreakInDataBecomesItsOwnDataLine() {
        assertThat(s(SseFrames.event(null, "m", "a\nb\r\nc\rd"))).isEqualTo("event: m\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(s(SseFrames.event(null, "m", "trailing\n"))).isEqualTo("event: m\ndata: trailing\ndata: \n\n");
        assertThat(s(SseFrames.event(null, "m", ""))).isEqualTo("event: m\ndata: \n\n");
    }

    @Test
    void leadingSpaceInDataSurvivesBecauseOneSpaceIsAlwaysWritten() {
        assertThat(s(SseFrames.event(null, "m", " x"))).isEqualTo("event: m\ndata:  x\n\n");
    }

    @Test
    void lineBreaksInIdOrEventCannotForgeFields() {
        assertThatThrownBy(() -> SseFrames.event("1\ndata: forged", "m", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event("1", "m\revent: notification", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event("1\0", "m", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.idOnly("1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryCommentHeartbeatAndIdOnly() {
        assertThat(s(SseFrames.retry(2000))).isEqualTo("retry: 2000\n\n");
        assertThat(s(SseFrames.comment("hi\nthere"))).isEqualTo(": hi\n: there\n\n");
        assertThat(s(SseFrames.HEARTBEAT)).isEqualTo(":\n\n");
        assertThat(s(SseFrames.idOnly("ab-0"))).isEqualTo("id: ab-0\n\n");
        assertThatThrownBy(() -> SseFrames.retry(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Found by SseFramesFuzzTest: data "\uD800" went out as "data: ?" (UTF-8 cannot carry a lone
     * surrogate, and the encoder replaced it), so the client read other text than was sent.
     */
    @Test
    void anUnpairedSurrogateIsRefusedNotRewrittenAsAQuestionMark() {
        assertThatThrownBy(() -> SseFrames.event(null, "m", "\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event(null, "m", "a\uDC00b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event("1\uD800", "m", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event("1", "m\uDFFF", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.idOnly("\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThat(s(SseFrames.event("\uD83D\uDE00", "\uD83D\uDE00", "\uD83D\uDE00")))
                .isEqualTo("id: \uD83D\uDE00\nevent: \uD83D\uDE00\ndata: \uD83D\uDE00\n\n");
    }

    @Test
    void utf8IsEncodedOnce() {
        assertThat(SseFrames.event(null, "m", "é")).containsExactly("event: m\ndata: é\n\n".getBytes(StandardCharsets.UTF_8));
    }
}
