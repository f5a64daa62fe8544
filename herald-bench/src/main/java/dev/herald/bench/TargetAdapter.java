package dev.herald.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** How to subscribe and publish on one kind of server: Herald or Nchan. */
abstract class TargetAdapter {
  /** Fixed, same-shaped payload fields, so Herald's frames and Nchan's messages are of similar size. */
  static final String CREATED_AT = "2026-11-22T08:07:10.056Z";

  final ScenarioOptions o;
  /** The first node's host, port and path (the only one with a single URL). */
  final String host;
  final int port;
  final String basePath;
  /** Every node: {@code hosts[k]}, {@code ports[k]}, {@code basePaths[k]} for node k ({@link Nodes}). */
  final String[] hosts;
  final int[] ports;
  final String[] basePaths;
  /** Publish calls made so far: the round-robin counter of {@link Nodes#publishNode}. */
  private long publishCalls;

  TargetAdapter(ScenarioOptions o) {
    this.o = o;
    java.util.List<String> urls = o.urls();
    int n = urls.size();
    hosts = new String[n];
    ports = new int[n];
    basePaths = new String[n];
    for (int k = 0; k < n; k++) {
      URI u = URI.create(urls.get(k));
      if (!"http".equals(u.getScheme())) {
        throw new IllegalArgumentException("only http:// URLs are supported: " + urls.get(k));
      }
      hosts[k] = u.getHost();
      ports[k] = u.getPort() > 0 ? u.getPort() : 80;
      String p = u.getRawPath() == null ? "" : u.getRawPath();
      basePaths[k] = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
    host = hosts[0];
    port = ports[0];
    basePath = basePaths[0];
  }

  /** How many nodes the target has (1 but for a Herald cluster). */
  int nodeCount() {
    return hosts.length;
  }

  /** The node that holds stream i. */
  int streamNode(int stream) {
    return Nodes.streamNode(stream, hosts.length);
  }

  /** The node of the next publish call to stream (below 0: a broadcast or a batch); counts the call. */
  int nextPublishNode(int stream) {
    return Nodes.publishNode(stream, publishCalls++, hosts.length);
  }

  static TargetAdapter of(ScenarioOptions o) {
    return o.target == ScenarioOptions.TargetKind.NCHAN ? new Nchan(o) : new Herald(o);
  }

  abstract String name();

  abstract SseScanner.KeyMode keyMode();

  /** Work before the measured part: e.g. subscriber tokens for every stream. */
  void prepare(int streams) throws Exception {
  }

  /** The request that opens stream i (on the shared broadcast channel or its own). */
  abstract RequestOptions streamRequest(int stream, boolean shared, String lastEventId);

  /** Whether a fresh stream is ready only when its first id-only frame (Herald's anchor) came. */
  abstract boolean freshWaitsForAnchor();

  /** Whether the message key is known before the publish (Nchan: the sequence in the body). */
  abstract boolean keyBeforeSend();

  /** Whether this frame is a published item (vs. a control frame). */
  abstract boolean isItem(SseScanner f);

  /** Whether this frame tells the stream its position was reset (items may be lost). */
  boolean isReset(SseScanner f) {
    return false;
  }

  abstract RequestOptions publishRequest(int stream);

  abstract Buffer publishBody(int stream, long seq);

  /** The message key from a successful reply, or -1. */
  abstract long keyFromReply(Buffer body, long seq);

  /** Whether a publish reply with this status acknowledges the notification(s). */
  abstract boolean acknowledged(int status);

  /** The request of a call with several notifications (Herald: POST /v1/notifications/batch; Nchan has none). */
  RequestOptions publishBatchRequest() {
    throw new UnsupportedOperationException(name() + " has no batch publish");
  }

  /** One request's body with the notifications for streams[i], numbered seqs[i]. */
  Buffer publishBatchBody(int[] streams, long[] seqs) {
    throw new UnsupportedOperationException(name() + " has no batch publish");
  }

  /** The keys of a successful batch reply, in request order, or null when it does not name one per notification. */
  long[] keysFromBatchReply(Buffer body, long[] seqs) {
    throw new UnsupportedOperationException(name() + " has no batch publish");
  }

  RequestOptions base(HttpMethod m, String path) {
    return base(0, m, path);
  }

  RequestOptions base(int node, HttpMethod m, String path) {
    return new RequestOptions().setMethod(m).setHost(hosts[node]).setPort(ports[node]).setURI(basePaths[node] + path);
  }

  String user(int stream) {
    return o.userPrefix + stream;
  }

  // ---------------------------------------------------------------------------------------------

  static final class Herald extends TargetAdapter {
    private static final byte[] NOTIFICATION = "notification".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET = "reset".getBytes(StandardCharsets.US_ASCII);
    private String[] tokens = new String[0];
    private final String auth;

    Herald(ScenarioOptions o) {
      super(o);
      if (o.apiKey == null || o.apiKey.isBlank()) {
        throw new IllegalArgumentException("the herald target needs --api-key");
      }
      auth = "Bearer " + o.apiKey;
    }

    @Override
    String name() {
      return "herald";
    }

    @Override
    SseScanner.KeyMode keyMode() {
      return SseScanner.KeyMode.ID_SEQ;
    }

    @Override
    void prepare(int streams) throws Exception {
      tokens = Tokens.forStreams(this, streams);
    }

    @Override
    RequestOptions streamRequest(int stream, boolean shared, String lastEventId) {
      MultiMap h = HttpHeaders.headers()
          .add(HttpHeaders.AUTHORIZATION, "Bearer " + tokens[stream])
          .add(HttpHeaders.ACCEPT, "text/event-stream");
      if (lastEventId != null) {
        h.add("Last-Event-ID", lastEventId);
      }
      return base(streamNode(stream), HttpMethod.GET, "/v1/stream").setHeaders(h);
    }

    @Override
    boolean freshWaitsForAnchor() {
      return true;
    }

    @Override
    boolean keyBeforeSend() {
      return false;
    }

    @Override
    boolean isItem(SseScanner f) {
      return f.hasId() && f.hasData() && f.eventIs(NOTIFICATION);
    }

    @Override
    boolean isReset(SseScanner f) {
      return f.eventIs(RESET);
    }

    @Override
    RequestOptions publishRequest(int stream) {
      MultiMap h = HttpHeaders.headers()
          .add(HttpHeaders.AUTHORIZATION, auth)
          .add(HttpHeaders.CONTENT_TYPE, "application/json");
      return base(nextPublishNode(stream), HttpMethod.POST, "/v1/notifications").setHeaders(h);
    }

    @Override
    Buffer publishBody(int stream, long seq) {
      return Buffer.buffer(notification(new StringBuilder(64), stream, seq).toString());
    }

    /** The body of POST /v1/notifications: a user's (or, for a negative stream, a broadcast). */
    StringBuilder notification(StringBuilder sb, int stream, long seq) {
      sb.append('{');
      if (stream < 0) {
        sb.append("\"broadcast\":true");
      } else {
        sb.append("\"userId\":\"").append(user(stream)).append('"');
      }
      return sb.append(",\"type\":\"bench\",\"title\":\"bench message ").append(seq).append("\"}");
    }

    @Override
    long keyFromReply(Buffer body, long seq) {
      return parseIdSeq(body.toString(StandardCharsets.UTF_8));
    }

    @Override
    boolean acknowledged(int status) {
      return status == 202;
    }

    @Override
    RequestOptions publishBatchRequest() {
      MultiMap h = HttpHeaders.headers()
          .add(HttpHeaders.AUTHORIZATION, auth)
          .add(HttpHeaders.CONTENT_TYPE, "application/json");
      return base(nextPublishNode(-1), HttpMethod.POST, "/v1/notifications/batch").setHeaders(h);
    }

    /** {"notifications":[...]}: each element exactly the body of a single POST /v1/notifications. */
    @Override
    Buffer publishBatchBody(int[] streams, long[] seqs) {
      StringBuilder sb = new StringBuilder(24 + 64 * streams.length).append("{\"notifications\":[");
      for (int i = 0; i < streams.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        notification(sb, streams[i], seqs[i]);
      }
      return Buffer.buffer(sb.append("]}").toString());
    }

    @Override
    long[] keysFromBatchReply(Buffer body, long[] seqs) {
      long[] keys = parseIdSeqs(body.toString(StandardCharsets.UTF_8));
      if (keys.length != seqs.length) {
        return null;
      }
      for (long k : keys) {
        if (k < 0) {
          return null;
        }
      }
      return keys;
    }

    /** The seq of every "id":"<epoch>-<seq>" in a reply, in order (-1 for an id without one): {"items":[{"id":...},...]}. */
    static long[] parseIdSeqs(String json) {
      long[] out = new long[8];
      int n = 0;
      int from = 0;
      while (true) {
        int i = json.indexOf("\"id\":\"", from);
        if (i < 0) {
          break;
        }
        int end = json.indexOf('"', i + 6);
        if (end < 0) {
          break;
        }
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = parseIdSeq(json.substring(i, end + 1));
        from = end + 1;
      }
      return java.util.Arrays.copyOf(out, n);
    }

    /** The seq of {"id":"<epoch>-<seq>",...}, or -1. */
    static long parseIdSeq(String json) {
      int i = json.indexOf("\"id\":\"");
      if (i < 0) {
        return -1;
      }
      int start = i + 6;
      int end = json.indexOf('"', start);
      if (end < 0) {
        return -1;
      }
      int dash = json.lastIndexOf('-', end);
      if (dash < start) {
        return -1;
      }
      try {
        return Long.parseLong(json, dash + 1, end, 10);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** "recipients":n of a notification reply, or -1. */
    static long parseRecipients(String json) {
      int i = json.indexOf("\"recipients\":");
      if (i < 0) {
        return -1;
      }
      int s = i + 13;
      int e = s;
      while (e < json.length() && Character.isDigit(json.charAt(e))) {
        e++;
      }
      return e > s ? Long.parseLong(json.substring(s, e)) : -1;
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final class Nchan extends TargetAdapter {
    Nchan(ScenarioOptions o) {
      super(o);
      if (nodeCount() > 1) {
        // Separate nginx servers share no channels: a publish on one never reaches the others' subscribers.
        throw new IllegalArgumentException("the nchan target takes one URL, not " + nodeCount());
      }
    }

    @Override
    String name() {
      return "nchan";
    }

    @Override
    SseScanner.KeyMode keyMode() {
      return SseScanner.KeyMode.DATA_DIGITS;
    }

    String channel(int stream, boolean shared) {
      return shared || stream < 0 ? "all" : user(stream);
    }

    @Override
    RequestOptions streamRequest(int stream, boolean shared, String lastEventId) {
      MultiMap h = HttpHeaders.headers().add(HttpHeaders.ACCEPT, "text/event-stream");
      if (lastEventId != null) {
        h.add("Last-Event-ID", lastEventId);
      }
      return base(HttpMethod.GET, "/sub/" + channel(stream, shared)).setHeaders(h);
    }

    @Override
    boolean freshWaitsForAnchor() {
      return false;
    }

    @Override
    boolean keyBeforeSend() {
      return true;
    }

    @Override
    boolean isItem(SseScanner f) {
      return f.hasData() && f.hasId();
    }

    @Override
    RequestOptions publishRequest(int stream) {
      MultiMap h = HttpHeaders.headers().add(HttpHeaders.CONTENT_TYPE, "application/json");
      return base(HttpMethod.POST, "/pub/" + channel(stream, false)).setHeaders(h);
    }

    @Override
    Buffer publishBody(int stream, long seq) {
      // The same fields Herald puts in a notification frame, with the sequence number first.
      return Buffer.buffer("{\"seq\":" + seq + ",\"type\":\"bench\",\"title\":\"bench message " + seq
          + "\",\"body\":null,\"data\":null,\"actionUrl\":null,\"priority\":\"normal\",\"createdAt\":\""
          + CREATED_AT + "\"}");
    }

    @Override
    long keyFromReply(Buffer body, long seq) {
      return seq;
    }

    @Override
    boolean acknowledged(int status) {
      return status >= 200 && status < 300;
    }
  }
}
