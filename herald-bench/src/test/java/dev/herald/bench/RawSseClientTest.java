package dev.herald.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The minimal HTTP/1.1 response parser of the raw stream client, fed in pieces split anywhere. */
class RawSseClientTest {

  static final class Recorder implements RawSseClient.Events {
    int status;
    final StringBuilder body = new StringBuilder();
    final List<String> ends = new ArrayList<>();

    @Override
    public void head(int s) {
      status = s;
    }

    @Override
    public void body(ByteBuf buf, int from, int to) {
      body.append(buf.toString(from, to - from, StandardCharsets.UTF_8));
    }

    @Override
    public void end(Throwable cause) {
      ends.add(cause == null ? "clean" : cause.getMessage());
    }
  }

  static Recorder feed(String response, int... cuts) {
    Recorder r = new Recorder();
    EmbeddedChannel ch = new EmbeddedChannel(new RawSseClient.Handler(
        Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), r));
    byte[] b = response.getBytes(StandardCharsets.UTF_8);
    int prev = 0;
    for (int c : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(b, prev, c - prev));
      prev = c;
    }
    ch.writeInbound(Unpooled.wrappedBuffer(b, prev, b.length - prev));
    return r;
  }

  static final String SSE = "retry: 2000\n\nid: e-1\nevent: notification\ndata: {\"id\":\"e-1\"}\n\n";

  static String chunked(String... parts) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n"
        + "Content-Type: text/event-stream; charset=utf-8\r\n\r\n");
    for (String p : parts) {
      sb.append(Integer.toHexString(p.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(p).append("\r\n");
    }
    return sb.toString();
  }

  @Test
  void chunkedBodySplitAnywhere() {
    String resp = chunked("retry: 2000\n\n", "id: e-1\nevent: notification\n", "data: {\"id\":\"e-1\"}\n\n");
    int n = resp.getBytes(StandardCharsets.UTF_8).length;
    for (int a = 0; a <= n; a++) {
      for (int b = a; b <= n; b += 5) {
        Recorder r = feed(resp, a, b);
        assertThat(r.status).as("cut %d %d", a, b).isEqualTo(200);
        assertThat(r.body.toString()).as("cut %d %d", a, b).isEqualTo(SSE);
        assertThat(r.ends).isEmpty();
      }
    }
  }

  @Test
  void lastChunkEndsTheResponse() {
    Recorder r = feed(chunked("data: x\n\n") + "0\r\n\r\n");
    assertThat(r.body.toString()).isEqualTo("data: x\n\n");
    assertThat(r.ends).containsExactly("clean");
  }

  @Test
  void chunkExtensionsAndUppercaseHex() {
    String body = "x".repeat(26);
    Recorder r = feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1A;foo=bar\r\n" + body + "\r\n");
    assertThat(r.body.toString()).isEqualTo(body);
  }

  @Test
  void errorWithContentLength() {
    String json = "{\"error\":{\"code\":\"too_many_connections\"}}";
    Recorder r = feed("HTTP/1.1 429 Too Many Requests\r\nContent-Length: " + json.length() + "\r\n\r\n" + json, 20, 70);
    assertThat(r.status).isEqualTo(429);
    assertThat(r.body.toString()).isEqualTo(json);
    assertThat(r.ends).containsExactly("clean");
  }

  @Test
  void bodyUntilClose() {
    Recorder r = feed("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + SSE, 30);
    assertThat(r.body.toString()).isEqualTo(SSE);
  }
}
