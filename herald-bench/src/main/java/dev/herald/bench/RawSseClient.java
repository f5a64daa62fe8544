package dev.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The lean stream client: raw Netty channels on the Vert.x context's own event loop (same thread as
 * everything else), a minimal HTTP/1.1 response parser (status line, headers, chunked or
 * content-length or until-close body) that hands body bytes straight to the stream's
 * {@link SseScanner}, without copying and without Vert.x's per-chunk HTTP machinery. Profiling
 * showed the Vert.x HTTP client spending ~10 µs of CPU per received frame; this path is several
 * times cheaper, so the client does not become the bottleneck at 100,000 deliveries/s.
 */
final class RawSseClient {
  /** What the pool hears from a raw stream. */
  interface Events {
    /** The response head arrived. */
    void head(int status);

    /** Body bytes [from, to) of buf (already de-chunked); buf is released after the call. */
    void body(ByteBuf buf, int from, int to);

    /** The response or the connection ended; cause null for a clean end. */
    void end(Throwable cause);
  }

  private final Bootstrap bootstrap;
  private final InetSocketAddress remote;
  private final String hostHeader;

  RawSseClient(Loop loop, String host, int port) {
    EventLoop el = ((ContextInternal) loop.ctx).nettyEventLoop();
    // The channel type of Vert.x's transport: epoll when native transport is on, else NIO.
    io.netty.channel.ChannelFactory<? extends Channel> channels =
        ((io.vertx.core.internal.VertxInternal) loop.vertx).transport().channelFactory(false);
    bootstrap = new Bootstrap().group(el).channelFactory(channels)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .handler(new ChannelInboundHandlerAdapter());
    remote = new InetSocketAddress(host, port);
    hostHeader = host + ":" + port;
  }

  /** Opens a connection from localAddress (null: any), sends the GET, reports to events. */
  Channel open(String localAddress, RequestOptions ro, Events events) {
    StringBuilder req = new StringBuilder(512);
    req.append("GET ").append(ro.getURI()).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
    if (ro.getHeaders() != null) {
      for (Map.Entry<String, String> h : ro.getHeaders()) {
        req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    req.append("\r\n");
    ByteBuf request = Unpooled.wrappedBuffer(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    Bootstrap b = bootstrap.clone().handler(new Handler(request, events));
    ChannelFuture f = localAddress == null ? b.connect(remote)
        : b.connect(remote, new InetSocketAddress(localAddress, 0));
    f.addListener(done -> {
      if (!done.isSuccess()) {
        events.end(done.cause());
      }
    });
    return f.channel();
  }

  static final class Handler extends ChannelInboundHandlerAdapter {
    private static final int HEAD = 0;
    private static final int CHUNK_SIZE = 1;
    private static final int CHUNK_EXT = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_DATA_END = 4;
    private static final int LENGTH = 5;
    private static final int UNTIL_CLOSE = 6;
    private static final int DONE = 7;
    private static final int MAX_HEAD = 64 * 1024;

    private final ByteBuf request;
    private final Events events;
    private ByteBuf head;
    private int state = HEAD;
    private long remaining;
    private long chunkSize;
    private boolean ended;

    Handler(ByteBuf request, Events events) {
      this.request = request;
      this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(request);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        if (state == HEAD) {
          if (head == null) {
            head = ctx.alloc().heapBuffer(1024);
          }
          head.writeBytes(in, in.readerIndex(), in.readableBytes());
          int endOfHead = ByteBufUtil.indexOf(CRLFCRLF, head);
          if (endOfHead < 0) {
            if (head.readableBytes() > MAX_HEAD) {
              fail(ctx, new IllegalStateException("response head over 64 KiB"));
            }
            return;
          }
          String text = head.toString(0, endOfHead, StandardCharsets.ISO_8859_1);
          if (!parseHead(text)) {
            fail(ctx, new IllegalStateException("malformed response head: " + firstLine(text)));
            return;
          }
          int status = Integer.parseInt(text.substring(9, 12));
          events.head(status);
          ByteBuf h = head;
          head = null;
          try {
            body(ctx, h, endOfHead + 4, h.writerIndex());
          } finally {
            h.release();
          }
          return;
        }
        body(ctx, in, in.readerIndex(), in.writerIndex());
      } finally {
        in.release();
      }
    }

    private static final ByteBuf CRLFCRLF = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

    private static String firstLine(String text) {
      int nl = text.indexOf('\r');
      return nl < 0 ? text : text.substring(0, nl);
    }

    /** Sets the body state from the head; false when the head is not an HTTP/1.x response. */
    private boolean parseHead(String text) {
      if (!text.startsWith("HTTP/1.") || text.length() < 12) {
        return false;
      }
      boolean chunked = false;
      long length = -1;
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        } else if (name.equals("content-length")) {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            return false;
          }
        }
      }
      if (chunked) {
        state = CHUNK_SIZE;
        chunkSize = 0;
      } else if (length >= 0) {
        state = LENGTH;
        remaining = length;
      } else {
        state = UNTIL_CLOSE;
      }
      return true;
    }

    private void body(ChannelHandlerContext ctx, ByteBuf buf, int i, int end) {
      if (state == LENGTH && remaining == 0) {
        finish(ctx);
        return;
      }
      while (i < end && !ended) {
        switch (state) {
          case CHUNK_SIZE: {
            byte b = buf.getByte(i++);
            int d = hex(b);
            if (d >= 0) {
              chunkSize = chunkSize * 16 + d;
            } else if (b == '\n') {
              chunkLine(ctx);
            } else if (b == ';' || b == ' ' || b == '\t') {
              state = CHUNK_EXT;
            } else if (b != '\r') {
              fail(ctx, new IllegalStateException("bad chunk size byte " + b));
              return;
            }
            break;
          }
          case CHUNK_EXT: {
            byte b = buf.getByte(i++);
            if (b == '\n') {
              chunkLine(ctx);
            }
            break;
          }
          case CHUNK_DATA: {
            int n = (int) Math.min(remaining, end - i);
            events.body(buf, i, i + n);
            i += n;
            remaining -= n;
            if (remaining == 0) {
              state = CHUNK_DATA_END;
            }
            break;
          }
          case CHUNK_DATA_END: {
            byte b = buf.getByte(i++);
            if (b == '\n') {
              state = CHUNK_SIZE;
              chunkSize = 0;
            } else if (b != '\r') {
              fail(ctx, new IllegalStateException("missing CRLF after a chunk"));
              return;
            }
            break;
          }
          case LENGTH: {
            int n = (int) Math.min(remaining, end - i);
            events.body(buf, i, i + n);
            i += n;
            remaining -= n;
            if (remaining == 0) {
              finish(ctx);
            }
            break;
          }
          case UNTIL_CLOSE:
            events.body(buf, i, end);
            i = end;
            break;
          default:
            return;
        }
      }
    }

    private void chunkLine(ChannelHandlerContext ctx) {
      if (chunkSize == 0) {
        finish(ctx); // last chunk (trailers ignored)
      } else {
        state = CHUNK_DATA;
        remaining = chunkSize;
      }
    }

    private static int hex(byte b) {
      if (b >= '0' && b <= '9') {
        return b - '0';
      }
      if (b >= 'a' && b <= 'f') {
        return b - 'a' + 10;
      }
      if (b >= 'A' && b <= 'F') {
        return b - 'A' + 10;
      }
      return -1;
    }

    private void finish(ChannelHandlerContext ctx) {
      state = DONE;
      if (!ended) {
        ended = true;
        events.end(null);
      }
      ctx.close();
    }

    private void fail(ChannelHandlerContext ctx, Throwable t) {
      state = DONE;
      if (!ended) {
        ended = true;
        events.end(t);
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (head != null) {
        head.release();
        head = null;
      }
      if (!ended) {
        ended = true;
        events.end(state == UNTIL_CLOSE ? null : new IllegalStateException("connection closed"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, cause);
    }
  }
}
