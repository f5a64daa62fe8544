package dev.herald.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SseScannerTest {

  /** What a frame looked like to the handler. */
  record Frame(boolean id, boolean data, String event, long key, String idText) {
  }

  static final class Collector implements SseScanner.FrameHandler {
    final List<Frame> frames = new ArrayList<>();

    @Override
    public void onFrame(SseScanner f) {
      frames.add(new Frame(f.hasId(), f.hasData(), f.event(), f.key(), f.id()));
    }
  }

  static final String HERALD = "retry: 2000\n\n"
      + "event: connected\n"
      + "data: {\"connectionId\":\"1-7wliw\",\"userId\":\"alice\",\"heartbeatMs\":25000,\"nodeId\":\"node-k2v9qa\"}\n\n"
      + "id: 1kgwwd9w50-0\n\n"
      + ":\n\n"
      + "id: 1kgwwd9w50-1\n"
      + "event: notification\n"
      + "data: {\"id\":\"1kgwwd9w50-1\",\"type\":\"comment\",\"title\":\"Bob replied 123\",\"createdAt\":\"2026-11-22T08:07:10.056Z\"}\n\n"
      + "id: 1kgwwd9w50-42\n"
      + "event: notification\n"
      + "data: {\"id\":\"1kgwwd9w50-42\"}\n\n";

  static final String NCHAN = ": hi\n\n"
      + "id: 1795561224:0\n"
      + "data: {\"seq\":17,\"type\":\"bench\",\"title\":\"bench message 17\"}\n\n"
      + "id: 1795561224:1\n"
      + "data: {\"seq\":18,\"type\":\"bench\"}\n\n";

  static List<Frame> scanWhole(SseScanner.KeyMode mode, String text) {
    Collector c = new Collector();
    SseScanner s = new SseScanner(mode, c);
    s.feed(text.getBytes(StandardCharsets.UTF_8));
    return c.frames;
  }

  @Test
  void heraldFramesKeysAndControlFrames() {
    List<Frame> f = scanWhole(SseScanner.KeyMode.ID_SEQ, HERALD);
    assertThat(f).containsExactly(
        new Frame(false, false, null, -1, null), // retry
        new Frame(false, true, "connected", -1, null),
        new Frame(true, false, null, 0, "1kgwwd9w50-0"), // the anchor
        new Frame(true, true, "notification", 1, "1kgwwd9w50-1"),
        new Frame(true, true, "notification", 42, "1kgwwd9w50-42"));
  }

  @Test
  void nchanKeyIsTheFirstNumberOfTheData() {
    List<Frame> f = scanWhole(SseScanner.KeyMode.DATA_DIGITS, NCHAN);
    assertThat(f).containsExactly(
        new Frame(true, true, null, 17, "1795561224:0"),
        new Frame(true, true, null, 18, "1795561224:1"));
  }

  @Test
  void nchanIdHasNoSeqKeyInIdMode() {
    List<Frame> f = scanWhole(SseScanner.KeyMode.ID_SEQ, NCHAN);
    assertThat(f).extracting(Frame::key).containsOnly(-1L);
  }

  @Test
  void crlfAndCrLineEndsGiveTheSameFrames() {
    List<Frame> lf = scanWhole(SseScanner.KeyMode.ID_SEQ, HERALD);
    assertThat(scanWhole(SseScanner.KeyMode.ID_SEQ, HERALD.replace("\n", "\r\n"))).isEqualTo(lf);
    assertThat(scanWhole(SseScanner.KeyMode.ID_SEQ, HERALD.replace("\n", "\r"))).isEqualTo(lf);
    List<Frame> nlf = scanWhole(SseScanner.KeyMode.DATA_DIGITS, NCHAN);
    assertThat(scanWhole(SseScanner.KeyMode.DATA_DIGITS, NCHAN.replace("\n", "\r\n"))).isEqualTo(nlf);
  }

  @Test
  void everySplitPointGivesTheSameFrames() {
    for (String nl : new String[] {"\n", "\r\n", "\r"}) {
      for (SseScanner.KeyMode mode : SseScanner.KeyMode.values()) {
        String text = (mode == SseScanner.KeyMode.ID_SEQ ? HERALD : NCHAN).replace("\n", nl);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Frame> whole = scanWhole(mode, text);
        for (int a = 0; a <= bytes.length; a++) {
          for (int b = a; b <= bytes.length; b += 7) {
            Collector c = new Collector();
            SseScanner s = new SseScanner(mode, c);
            s.feed(bytes, 0, a);
            s.feed(bytes, a, b - a);
            s.feed(bytes, b, bytes.length - b);
            assertThat(c.frames).as("split at %d and %d with %s", a, b, nl.replace("\r", "CR").replace("\n", "LF")).isEqualTo(whole);
          }
        }
      }
    }
  }

  @Test
  void randomChunkingByteByByteAndRandomSizes() {
    String text = (HERALD + HERALD.replace("-42", "-43").replace("-1\n", "-2\n")).replace("\n", "\r\n");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Frame> whole = scanWhole(SseScanner.KeyMode.ID_SEQ, text);
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      Collector c = new Collector();
      SseScanner s = new SseScanner(SseScanner.KeyMode.ID_SEQ, c);
      int i = 0;
      while (i < bytes.length) {
        int n = round == 0 ? 1 : 1 + r.nextInt(40);
        n = Math.min(n, bytes.length - i);
        s.feed(bytes, i, n);
        i += n;
      }
      assertThat(c.frames).isEqualTo(whole);
    }
  }

  @Test
  void lastEventIdIsTheLastDispatchedId() {
    Collector c = new Collector();
    SseScanner s = new SseScanner(SseScanner.KeyMode.ID_SEQ, c);
    assertThat(s.lastEventId()).isNull();
    s.feed("id: abc-0\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(s.lastEventId()).isEqualTo("abc-0");
    // an id line of a frame not yet finished does not count
    s.feed("id: abc-5\nevent: notification\ndata: {}".getBytes(StandardCharsets.UTF_8));
    assertThat(s.lastEventId()).isEqualTo("abc-0");
    s.feed("\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(s.lastEventId()).isEqualTo("abc-5");
    // a frame without id keeps it
    s.feed("event: connected\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(s.lastEventId()).isEqualTo("abc-5");
  }

  @Test
  void commentsAndHeartbeatsAreNotFrames() {
    Collector c = new Collector();
    SseScanner s = new SseScanner(SseScanner.KeyMode.ID_SEQ, c);
    s.feed(":\n\n: ping\n\n:\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(c.frames).isEmpty();
    assertThat(s.comments()).isEqualTo(3);
  }

  @Test
  void fieldsWithoutSpaceOrWithoutColonFollowTheSpec() {
    List<Frame> f = scanWhole(SseScanner.KeyMode.ID_SEQ, "id:e-7\nevent:notification\ndata\n\n");
    assertThat(f).containsExactly(new Frame(true, true, "notification", 7, "e-7"));
    List<Frame> g = scanWhole(SseScanner.KeyMode.DATA_DIGITS, "id:x\ndata:99 bottles\ndata: 12\n\n");
    assertThat(g).containsExactly(new Frame(true, true, null, 99, "x"));
  }

  @Test
  void multipleDataLinesAndUnknownFieldsAndEventMatch() {
    Collector c = new Collector();
    byte[] notification = "notification".getBytes(StandardCharsets.US_ASCII);
    List<Boolean> matches = new ArrayList<>();
    SseScanner s = new SseScanner(SseScanner.KeyMode.ID_SEQ, f -> matches.add(f.eventIs(notification)));
    s.feed("id: a-1\nevent: notification\nfoo: bar\ndata: x\ndata: y\n\nid: a-2\nevent: notificationx\ndata: z\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(matches).containsExactly(true, false);
    assertThat(s.frames()).isEqualTo(2);
    assertThat(c.frames).isEmpty();
  }

  @Test
  void resetPartialDropsAHalfFrameButKeepsTheLastId() {
    Collector c = new Collector();
    SseScanner s = new SseScanner(SseScanner.KeyMode.ID_SEQ, c);
    s.feed("id: e-3\n\nid: e-4\nevent: notifica".getBytes(StandardCharsets.UTF_8));
    s.resetPartial();
    s.feed("retry: 10\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(c.frames).containsExactly(new Frame(true, false, null, 3, "e-3"), new Frame(false, false, null, -1, null));
    assertThat(s.lastEventId()).isEqualTo("e-3");
  }
}
