package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a scenario run needs, with the CLI's defaults. Plain public fields so that a test can
 * build one in-process: {@code var o = new ScenarioOptions(); o.url = ...; FanoutScenario.run(o);}.
 */
public final class ScenarioOptions {

  /** The system under test. */
  public enum TargetKind {
    HERALD, NCHAN;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TargetKind parse(String s) {
      return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  // --- target ---
  public TargetKind target = TargetKind.HERALD;
  /**
   * Base URL; null means the target's default (herald http://127.0.0.1:8080, nchan http://127.0.0.1:8081).
   * Herald: several base URLs, comma-separated, are the nodes of one cluster ({@link Nodes}: stream i on
   * node i mod n, publishes round-robin, a user's notification through another node than its stream's).
   */
  public String url;
  /** Herald publisher key. */
  public String apiKey;
  /** Herald's HERALD_JWT_SECRET: tokens are then minted locally; otherwise via POST /v1/tokens. */
  public String jwtSecret;
  /** Server process ids for RSS and CPU (for Nchan: the worker's), summed; several: also each one's CPU. Empty: not measured. */
  public List<Long> serverPids = new ArrayList<>();
  /**
   * Processes beside the server whose CPU is reported next to the server's, not in it (a cluster's
   * Redis, PostgreSQL's postmaster): each with its descendants, exited ones included.
   */
  public List<Long> auxPids = new ArrayList<>();
  /** The name results carry instead of the target's (e.g. cluster1, sqlite), so summarize keeps runs apart. */
  public String label;
  /** User ids are userPrefix + index (Herald); Nchan per-user channels are userPrefix + index too. */
  public String userPrefix = "u";

  // --- sizes ---
  /** idle: streams; fanout: subscribers; unicast: users; storm: streams. */
  public int streams = 1000;
  /** fanout: messages to publish. */
  public int messages = 100;
  /** Publishes per second. fanout: 0 = as fast as the server accepts with maxInFlight in flight. */
  public double rate = 0;
  /** unicast: how long to publish; storm: how long to go on publishing after the drop; publish: the measured interval. */
  public double seconds = 10;
  /** idle: how long to hold the streams open before reading memory. */
  public double holdSeconds = 10;
  /** storm: how long to publish before all streams drop. */
  public double preDropSeconds = 3;
  /** storm: delay between the drop and the reconnects (0: at once, like a network blip). */
  public long reconnectDelayMs = 0;
  /** fanout, unicast: messages published (and awaited, then forgotten) before the measured run. */
  public int warmupMessages = 0;
  /** idle (Herald): after reading RSS, run a full GC in the hub (jcmd PID GC.run) and read the live heap. */
  public boolean serverGc = false;
  /** idle (Nchan): all streams on one channel "all" instead of one channel per user. */
  public boolean sharedChannel = false;
  /** publish: notifications per request; 1 = POST /v1/notifications, more = POST /v1/notifications/batch (Herald only). */
  public int batch = 1;
  /** publish: requests in flight, over a pool of as many keep-alive connections. */
  public int concurrency = 32;
  /** publish: notifications go to random users u0..u(users-1) (when subscribers is 0; nobody needs to be connected). */
  public int users = 10_000;
  /** publish: when above 0, streams for u0..u(subscribers-1) are opened first, the notifications go to them only, and every one is checked to arrive exactly once. */
  public int subscribers = 0;
  /** publish: publishing before the measured {@link #seconds}, not counted. */
  public double warmupSeconds = 2;

  // --- client behaviour ---
  /** Publish calls in flight at most. */
  public int maxInFlight = 16;
  /** Stream connects in progress at most. */
  public int connectConcurrency = 256;
  /** Streams per loopback source address (127.0.0.2, 127.0.0.3, ... up to 127.0.0.51). */
  public int streamsPerAddress = 1000;
  /** Give up waiting for streams to connect after this long. */
  public double connectTimeoutSeconds = 180;
  /** After publishing, wait for missing deliveries until no progress for this long. */
  public double drainTimeoutSeconds = 10;
  /** Pause between streams being ready and the first publish (subscriptions settle). */
  public double settleSeconds = 0.5;
  /** Subscriber token lifetime. */
  public int tokenTtlSeconds = 6 * 3600;
  /** Random seed (unicast and publish targets). */
  public long seed = 42;
  /** Stream client: "raw" (Netty channels on the bench's event loop, a minimal HTTP/1.1 parser) or "vertx" (the Vert.x HTTP client). */
  public String streamClient = "raw";
  /** No progress lines on stderr. */
  public boolean quiet = false;

  public String effectiveUrl() {
    if (url != null && !url.isBlank()) {
      return url;
    }
    return target == TargetKind.NCHAN ? "http://127.0.0.1:8081" : "http://127.0.0.1:8080";
  }

  /** The target's base URLs: one, or the nodes of a cluster. */
  public List<String> urls() {
    List<String> u = Nodes.parse(effectiveUrl());
    if (u.isEmpty()) {
      throw new IllegalArgumentException("no URL in --url '" + url + "'");
    }
    return u;
  }

  public ScenarioOptions copy() {
    ScenarioOptions c = new ScenarioOptions();
    c.target = target;
    c.url = url;
    c.apiKey = apiKey;
    c.jwtSecret = jwtSecret;
    c.serverPids = new ArrayList<>(serverPids);
    c.auxPids = new ArrayList<>(auxPids);
    c.label = label;
    c.userPrefix = userPrefix;
    c.streams = streams;
    c.messages = messages;
    c.rate = rate;
    c.seconds = seconds;
    c.holdSeconds = holdSeconds;
    c.preDropSeconds = preDropSeconds;
    c.reconnectDelayMs = reconnectDelayMs;
    c.sharedChannel = sharedChannel;
    c.serverGc = serverGc;
    c.warmupMessages = warmupMessages;
    c.batch = batch;
    c.concurrency = concurrency;
    c.users = users;
    c.subscribers = subscribers;
    c.warmupSeconds = warmupSeconds;
    c.maxInFlight = maxInFlight;
    c.connectConcurrency = connectConcurrency;
    c.streamsPerAddress = streamsPerAddress;
    c.connectTimeoutSeconds = connectTimeoutSeconds;
    c.drainTimeoutSeconds = drainTimeoutSeconds;
    c.settleSeconds = settleSeconds;
    c.tokenTtlSeconds = tokenTtlSeconds;
    c.seed = seed;
    c.quiet = quiet;
    c.streamClient = streamClient;
    return c;
  }
}
