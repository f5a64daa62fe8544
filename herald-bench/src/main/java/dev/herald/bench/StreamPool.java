package dev.herald.bench;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N SSE streams on one event loop, spread over several HTTP clients, each bound to its own loopback
 * source address (127.0.0.2, 127.0.0.3, ...) so ephemeral ports never run out. Connects are
 * limited to {@code connectConcurrency} in progress. Everything here runs on the {@link Loop}.
 */
final class StreamPool {
  /** Receives every item frame (already checked for order on its stream). */
  interface ItemListener {
    void onItem(StreamConn s, long key, long nowNanos);
  }

  static final int MAX_SOURCE_ADDRESSES = 50;

  final Loop loop;
  final TargetAdapter target;
  final ScenarioOptions o;
  final boolean shared;
  final StreamConn[] streams;
  private final List<HttpClientAgent> clients = new ArrayList<>();
  private final List<String> sourceAddresses = new ArrayList<>();
  private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
  /** The lean stream client, one per node ({@link TargetAdapter#streamNode}), or null to use the Vert.x HTTP client for streams. */
  private final RawSseClient[] raw;
  private int connectingNow;
  ItemListener listener = (s, k, n) -> { };
  /** Reconnect (with Last-Event-ID) when the server ends a stream. */
  boolean autoReconnect;
  long autoReconnectDelayMs = 250;
  /** Called when a stream is (re)connected and its response head arrived (storm). */
  java.util.function.Consumer<StreamConn> onReconnected = s -> { };

  int readyCount;
  int openCount;
  long failedConnects;
  long endedByServer;
  long resets;
  long unkeyedItems;
  long firstConnectStartNanos;
  long lastReadyNanos;
  final Histogram connectLatency = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
  final Timeline connectTimeline = new Timeline(100);
  final Map<String, Integer> errors = new LinkedHashMap<>();

  StreamPool(Loop loop, TargetAdapter target, ScenarioOptions o, int n, boolean shared) {
    this.loop = loop;
    this.target = target;
    this.o = o;
    this.shared = shared;
    streams = new StreamConn[n];
    for (int i = 0; i < n; i++) {
      streams[i] = new StreamConn(i, this, target.keyMode());
    }
    boolean loopback = true;
    for (String h : target.hosts) {
      loopback &= isLoopback(h);
    }
    int nClients = loopback
        ? Math.max(1, Math.min(MAX_SOURCE_ADDRESSES, (n + o.streamsPerAddress - 1) / Math.max(1, o.streamsPerAddress)))
        : 1;
    int perClient = (n + nClients - 1) / nClients + 16;
    if ("vertx".equals(o.streamClient)) {
      raw = null;
    } else {
      raw = new RawSseClient[target.nodeCount()];
      for (int k = 0; k < raw.length; k++) {
        raw[k] = new RawSseClient(loop, target.hosts[k], target.ports[k]);
      }
    }
    for (int c = 0; c < nClients; c++) {
      HttpClientOptions opts = new HttpClientOptions()
          .setKeepAlive(true)
          .setIdleTimeout(0)
          .setConnectTimeout(30_000)
          .setTcpNoDelay(true)
          .setReceiveBufferSize(64 * 1024);
      if (loopback) {
        String addr = "127.0.0." + (2 + c);
        opts.setLocalAddress(addr);
        sourceAddresses.add(addr);
      }
      if (raw == null) {
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(perClient).setMaxWaitQueueSize(-1);
        clients.add(loop.vertx.httpClientBuilder().with(opts).with(pool).build());
      }
    }
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }

  List<String> sourceAddresses() {
    return sourceAddresses;
  }

  private HttpClientAgent clientFor(int stream) {
    return clients.get(stream % clients.size());
  }

  /** Opens every stream fresh (on the loop). */
  void openAll() {
    for (StreamConn s : streams) {
      open(s, null, 0);
    }
  }

  /** Queues a (re)connect of s; lastEventId null for a fresh stream. */
  void open(StreamConn s, String lastEventId, long delayMs) {
    if (delayMs > 0) {
      loop.vertx.setTimer(delayMs, id -> open(s, lastEventId, 0));
      return;
    }
    s.connecting = true;
    queue.add(new Object[] {s, lastEventId});
    pump();
  }

  private void pump() {
    while (connectingNow < o.connectConcurrency && !queue.isEmpty()) {
      Object[] next = queue.poll();
      start((StreamConn) next[0], (String) next[1]);
    }
  }

  private void noteError(String e) {
    if (errors.size() < 20 || errors.containsKey(e)) {
      errors.merge(e, 1, Integer::sum);
    }
  }

  private void start(StreamConn s, String lastEventId) {
    connectingNow++;
    final int gen = ++s.generation;
    s.connects++;
    long t0 = System.nanoTime();
    s.connectStartNanos = t0;
    if (firstConnectStartNanos == 0) {
      firstConnectStartNanos = t0;
    }
    final boolean fresh = lastEventId == null;
    RequestOptions ro = target.streamRequest(s.index, shared, lastEventId);
    if (raw != null) {
      startRaw(s, lastEventId, gen, fresh, ro);
      return;
    }
    clientFor(s.index).request(ro).compose(req -> req.send()).onComplete(ar -> {
      connectingNow--;
      pump();
      if (gen != s.generation) {
        if (ar.succeeded()) {
          ar.result().request().connection().close();
        }
        return;
      }
      if (ar.failed()) {
        failed(s, lastEventId, "connect: " + ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() != 200) {
        resp.body().onComplete(b -> {
          String msg = b.succeeded() ? b.result().toString() : "";
          if (msg.length() > 160) {
            msg = msg.substring(0, 160);
          }
          failed(s, lastEventId, "HTTP " + resp.statusCode() + " " + msg.trim());
        });
        return;
      }
      s.connection = resp.request().connection();
      s.open = true;
      openCount++;
      s.scanner.resetPartial();
      resp.handler(buf -> {
        if (gen == s.generation) {
          s.scanner.feed(byteBuf(buf));
        }
      });
      resp.endHandler(v -> ended(s, gen, null));
      resp.exceptionHandler(t -> ended(s, gen, t));
      if (!fresh) {
        s.reconnectedNanos = System.nanoTime();
      }
      if (!(fresh && target.freshWaitsForAnchor())) {
        markReady(s);
      }
      if (!fresh) {
        onReconnected.accept(s);
      }
    });
  }

  private void startRaw(StreamConn s, String lastEventId, int gen, boolean fresh, RequestOptions ro) {
    String local = sourceAddresses.isEmpty() ? null : sourceAddresses.get(s.index % sourceAddresses.size());
    s.channel = raw[target.streamNode(s.index)].open(local, ro, new RawSseClient.Events() {
      private int status;
      private boolean counted;
      private StringBuilder err;

      private void count() {
        if (!counted) {
          counted = true;
          connectingNow--;
          pump();
        }
      }

      @Override
      public void head(int st) {
        status = st;
        count();
        if (gen != s.generation) {
          return;
        }
        if (st != 200) {
          err = new StringBuilder();
          return;
        }
        s.open = true;
        openCount++;
        s.scanner.resetPartial();
        if (!fresh) {
          s.reconnectedNanos = System.nanoTime();
        }
        if (!(fresh && target.freshWaitsForAnchor())) {
          markReady(s);
        }
        if (!fresh) {
          onReconnected.accept(s);
        }
      }

      @Override
      public void body(ByteBuf b, int from, int to) {
        if (gen != s.generation) {
          return;
        }
        if (status == 200) {
          s.scanner.feed(b, from, to);
        } else if (err != null && err.length() < 200) {
          err.append(b.toString(from, Math.min(to - from, 200), java.nio.charset.StandardCharsets.UTF_8));
        }
      }

      @Override
      public void end(Throwable t) {
        count();
        if (gen != s.generation) {
          return;
        }
        if (status == 0) {
          failed(s, lastEventId, "connect: " + (t == null ? "closed" : t.getClass().getSimpleName() + ": " + t.getMessage()));
        } else if (status != 200) {
          failed(s, lastEventId, "HTTP " + status + " " + (err == null ? "" : err.toString().trim()));
        } else {
          ended(s, gen, t);
        }
      }
    });
  }

  private static ByteBuf byteBuf(Buffer b) {
    return ((BufferInternal) b).getByteBuf();
  }

  private void failed(StreamConn s, String lastEventId, String why) {
    failedConnects++;
    noteError(why);
    s.connecting = false;
    if (autoReconnect) {
      open(s, lastEventId != null ? lastEventId : s.scanner.lastEventId(), autoReconnectDelayMs);
    }
  }

  private void markReady(StreamConn s) {
    if (s.ready) {
      return;
    }
    long now = System.nanoTime();
    s.ready = true;
    s.connecting = false;
    s.readyNanos = now;
    readyCount++;
    lastReadyNanos = now;
    connectTimeline.add(now);
    connectLatency.recordValue(Math.min(MessageBook.MAX_LATENCY_MICROS, Math.max(0, (now - s.connectStartNanos) / 1000)));
  }

  private void ended(StreamConn s, int gen, Throwable t) {
    if (gen != s.generation || !s.open) {
      return;
    }
    s.open = false;
    s.connecting = false;
    openCount--;
    if (s.ready) {
      s.ready = false;
      readyCount--;
    }
    s.endedByServer++;
    endedByServer++;
    noteError(t == null ? "stream ended by the server" : "stream error: " + t.getMessage());
    if (autoReconnect) {
      open(s, s.scanner.lastEventId(), autoReconnectDelayMs);
    }
  }

  void onFrame(StreamConn s, SseScanner f) {
    if (!s.ready && f.hasId() && !f.hasData()) {
      markReady(s); // Herald's anchor
    }
    if (target.isReset(f)) {
      s.resets++;
      resets++;
      return;
    }
    if (!target.isItem(f)) {
      return;
    }
    long key = f.key();
    if (key < 0) {
      s.unkeyedItems++;
      unkeyedItems++;
      return;
    }
    s.items++;
    if (key <= s.lastKey) {
      s.outOfOrder++;
    } else {
      s.lastKey = key;
    }
    listener.onItem(s, key, System.nanoTime());
  }

  /** Closes every open stream from the client side (the storm's drop); returns how many. */
  int dropAll() {
    int n = 0;
    for (StreamConn s : streams) {
      s.generation++; // old handlers go quiet
      if (s.open) {
        s.open = false;
        openCount--;
        n++;
        if (s.connection != null) {
          s.connection.close();
          s.connection = null;
        }
        if (s.channel != null) {
          s.channel.close();
          s.channel = null;
        }
      }
      if (s.ready) {
        s.ready = false;
        readyCount--;
      }
    }
    return n;
  }

  /** Closes everything (end of a run). */
  void closeAll() {
    autoReconnect = false;
    queue.clear();
    dropAll();
    for (HttpClientAgent c : clients) {
      c.close();
    }
  }

  /** Streams whose connect is queued or in progress (a fresh Herald stream: until its anchor). */
  int pendingCount() {
    int n = 0;
    for (StreamConn s : streams) {
      if (s.connecting) {
        n++;
      }
    }
    return n;
  }

  long totalOutOfOrder() {
    long d = 0;
    for (StreamConn s : streams) {
      d += s.outOfOrder;
    }
    return d;
  }

  long totalItems() {
    long d = 0;
    for (StreamConn s : streams) {
      d += s.items;
    }
    return d;
  }
}
