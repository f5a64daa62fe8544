package dev.herald.bench;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/** What every scenario run shares: the loop, the target, the streams, the CPU window, the result. */
final class Session implements AutoCloseable {
  final ScenarioOptions o;
  final String scenario;
  final TargetAdapter target;
  final Result result;
  final Loop loop;
  final HeraldAdmin admin;
  StreamPool pool;
  MessageBook book;
  Publisher publisher;

  private long cpuWall0;
  private double benchCpu0;
  private double serverCpu0;
  private double[] serverCpuEach0 = new double[0];
  private double auxCpu0;
  private final java.util.Map<String, Object> cpu = new java.util.LinkedHashMap<>();
  double lastServerCpuSeconds = Double.NaN;
  double lastBenchCpuSeconds = Double.NaN;
  double lastAuxCpuSeconds = Double.NaN;

  /** CPU µs per delivery of the server and of the bench over the CPU window (after cpuStop). */
  void cpuPerDelivery(long deliveries) {
    cpuPer("Delivery", deliveries);
  }

  /** CPU µs per event (benchCpuMicrosPer{unit}, serverCpuMicrosPer{unit}) over the CPU window (after cpuStop). */
  void cpuPer(String unit, long events) {
    if (events <= 0) {
      return;
    }
    cpu.put("benchCpuMicrosPer" + unit, lastBenchCpuSeconds * 1e6 / events);
    if (!o.serverPids.isEmpty()) {
      cpu.put("serverCpuMicrosPer" + unit, lastServerCpuSeconds * 1e6 / events);
    }
    if (!o.auxPids.isEmpty()) {
      cpu.put("auxCpuMicrosPer" + unit, lastAuxCpuSeconds * 1e6 / events);
      if (!o.serverPids.isEmpty()) {
        cpu.put("serverPlusAuxCpuMicrosPer" + unit, (lastServerCpuSeconds + lastAuxCpuSeconds) * 1e6 / events);
      }
    }
  }

  Session(String scenario, ScenarioOptions o) {
    this.o = o;
    this.scenario = scenario;
    this.target = TargetAdapter.of(o);
    this.result = new Result(scenario, o.label != null && !o.label.isBlank() ? o.label : target.name());
    this.admin = o.target == ScenarioOptions.TargetKind.HERALD ? new HeraldAdmin(o) : null;
    this.loop = new Loop();
    result.params.put("url", o.effectiveUrl());
    if (target.nodeCount() > 1) {
      result.params.put("nodes", target.nodeCount());
    }
    if (!result.target.equals(target.name())) {
      result.params.put("targetKind", target.name());
    }
    result.params.put("transport", loop.vertx.isNativeTransportEnabled() ? "epoll" : "nio");
    result.params.put("streamClient", o.streamClient);
    if (!o.serverPids.isEmpty()) {
      result.params.put("serverPids", o.serverPids.toString());
    }
    if (!o.auxPids.isEmpty()) {
      result.params.put("auxPids", o.auxPids.toString());
    }
  }

  void log(String fmt, Object... args) {
    if (!o.quiet) {
      System.err.printf(Locale.ROOT, "[%s %s] %s%n", scenario, target.name(), String.format(Locale.ROOT, fmt, args));
    }
  }

  /** Tokens, clients, and the pool of n streams (not yet opened). */
  void prepareStreams(int n, boolean shared) throws Exception {
    long t0 = System.nanoTime();
    target.prepare(n);
    pool = loop.call(() -> new StreamPool(loop, target, o, n, shared));
    log("prepared %d streams (%d source addresses) in %.1f s", n, Math.max(1, pool.sourceAddresses().size()),
        (System.nanoTime() - t0) / 1e9);
  }

  /** Opens every stream and waits until each is ready or failed; true when all are ready. */
  boolean openAllAndWait() {
    loop.run(pool::openAll);
    return waitReady(pool.streams.length, o.connectTimeoutSeconds, "connected");
  }

  /** Waits until `want` streams are ready (or nothing is pending any more, or the timeout). */
  boolean waitReady(int want, double timeoutSeconds, String what) {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    long nextLog = System.nanoTime() + 1_000_000_000L;
    while (true) {
      int[] st = loop.call(() -> new int[] {pool.readyCount, pool.pendingCount(), (int) pool.failedConnects});
      if (st[0] >= want) {
        return true;
      }
      if (st[1] == 0 && !pool.autoReconnect) {
        log("%s %d/%d; %d failed connects; giving up", what, st[0], want, st[2]);
        return false;
      }
      long now = System.nanoTime();
      if (now > deadline) {
        log("%s %d/%d after %.0f s; giving up", what, st[0], want, timeoutSeconds);
        return false;
      }
      if (now > nextLog) {
        log("%s %d/%d (failed connects %d)", what, st[0], want, st[2]);
        nextLog = now + 1_000_000_000L;
      }
      Loop.sleep(0.02);
    }
  }

  /**
   * Warm-up: publishes k messages through the same streams (JIT of both the server and the bench),
   * waits for them, then forgets them: the measured run gets a fresh book and fresh per-stream
   * counters. Returns the next sequence number to publish with.
   */
  long warmup(int k, double rate, java.util.function.IntSupplier picker, long deliveriesPerMessage) {
    if (k <= 0) {
      return 1;
    }
    MessageBook measured = book;
    book = new MessageBook(k, pool.streams.length, 100);
    Publisher wp = loop.call(() -> new Publisher(loop, target, book, o.maxInFlight));
    publisher = wp;
    log("warm-up: %d messages", k);
    loop.run(() -> wp.start(k, rate, picker));
    waitPublisher(120);
    long ok = loop.call(() -> wp.ok);
    double keep = o.drainTimeoutSeconds;
    drain(ok * deliveriesPerMessage);
    o.drainTimeoutSeconds = keep;
    long next = loop.call(() -> {
      wp.close();
      for (StreamConn sc : pool.streams) {
        sc.items = 0;
        sc.outOfOrder = 0;
        sc.unkeyedItems = 0;
      }
      pool.unkeyedItems = 0;
      return wp.nextSeq;
    });
    publisher = null;
    book = measured;
    Loop.sleep(o.settleSeconds);
    return next;
  }

  void cpuStart() {
    cpuWall0 = System.nanoTime();
    benchCpu0 = ProcStats.cpuSeconds(ProcStats.self());
    serverCpu0 = ProcStats.cpuSeconds(o.serverPids);
    serverCpuEach0 = eachCpu();
    auxCpu0 = ProcStats.treeCpuSeconds(o.auxPids);
  }

  /** Each server pid's CPU seconds, when there are several (else none). */
  private double[] eachCpu() {
    if (o.serverPids.size() < 2) {
      return new double[0];
    }
    double[] c = new double[o.serverPids.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = ProcStats.cpuSeconds(o.serverPids.get(i));
    }
    return c;
  }

  /** Adds the CPU figures of the interval since cpuStart(). */
  void cpuStop() {
    double wall = (System.nanoTime() - cpuWall0) / 1e9;
    double bench = ProcStats.cpuSeconds(ProcStats.self()) - benchCpu0;
    double server = ProcStats.cpuSeconds(o.serverPids) - serverCpu0;
    double[] each = eachCpu();
    double aux = ProcStats.treeCpuSeconds(o.auxPids) - auxCpu0;
    cpu.put("cpuWindowSeconds", wall);
    cpu.put("benchCpuSeconds", bench);
    cpu.put("benchCpuPercent", Stats.cpuPercent(bench, wall));
    if (!o.serverPids.isEmpty()) {
      cpu.put("serverCpuSeconds", server);
      cpu.put("serverCpuPercent", Stats.cpuPercent(server, wall));
    }
    // Several server pids (the nodes of a cluster): each one's share too, in --server-pid order.
    for (int i = 0; i < each.length && i < serverCpuEach0.length; i++) {
      cpu.put("serverCpuPercentNode" + (i + 1), Stats.cpuPercent(each[i] - serverCpuEach0[i], wall));
    }
    if (!o.auxPids.isEmpty()) {
      cpu.put("auxCpuSeconds", aux);
      cpu.put("auxCpuPercent", Stats.cpuPercent(aux, wall));
    }
    lastAuxCpuSeconds = aux;
    lastServerCpuSeconds = server;
    lastBenchCpuSeconds = bench;
    double bp = Stats.cpuPercent(bench, wall);
    double sp = Stats.cpuPercent(server, wall);
    if (wall >= 1 && bp > 90 && (o.serverPids.isEmpty() || sp < 80)) {
      result.notes.add(String.format(Locale.ROOT,
          "the bench used %.0f%% of a core (server %s): the client may be the bottleneck", bp,
          o.serverPids.isEmpty() ? "not measured" : String.format(Locale.ROOT, "%.0f%%", sp)));
    }
  }

  /** Herald's /v1/stats counters into result.server (prefix before/after). */
  void serverStats(String prefix) {
    if (admin == null) {
      return;
    }
    JsonObject s = admin.stats();
    if (s == null) {
      return;
    }
    for (String k : new String[] {"connections", "users", "published", "delivered", "replayed", "resets",
        "slowStreamsDropped", "replayOverflows", "publishToWriteP50Ms", "publishToWriteP99Ms"}) {
      if (s.containsKey(k)) {
        result.server.put(prefix + Character.toUpperCase(k.charAt(0)) + k.substring(1), s.getValue(k));
      }
    }
  }

  /** The difference after − before of a counter in result.server, or null. */
  Long serverDelta(String counter) {
    String c = Character.toUpperCase(counter.charAt(0)) + counter.substring(1);
    Object a = result.server.get("after" + c);
    Object b = result.server.get("before" + c);
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).longValue() - ((Number) b).longValue();
    }
    return null;
  }

  /** Copies the latency histogram of the book into the result (and latencyP50Ms... metrics). */
  void latencyInto(org.HdrHistogram.Histogram h, String prefix) {
    Map<String, Object> sum = Stats.latencySummary(h);
    result.latency.putAll(sum);
    result.latencyCurve.addAll(Stats.latencyCurve(h));
    for (Map.Entry<String, Object> e : sum.entrySet()) {
      if (!e.getKey().equals("count") && !e.getKey().equals("meanMs")) {
        result.metric(prefix + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1), e.getValue());
      }
    }
  }

  /** Last step of a scenario: the CPU figures at the end of the table, then errors as notes. */
  void finish() {
    cpu.forEach(result::metric);
    if (pool != null) {
      pool.errors.forEach((k, v) -> result.notes.add("stream: " + k + " (x" + v + ")"));
    }
    if (publisher != null) {
      publisher.errors.forEach((k, v) -> result.notes.add("publish: " + k + " (x" + v + ")"));
    }
  }

  /**
   * After publishing: waits until `expected` deliveries came, or nothing arrived for the drain
   * timeout. Returns whether all came.
   */
  boolean drain(long expected) {
    long last = -1;
    long lastChange = System.nanoTime();
    long nextLog = System.nanoTime() + 1_000_000_000L;
    while (true) {
      long got = loop.call(() -> book.deliveries());
      if (got >= expected) {
        return true;
      }
      long now = System.nanoTime();
      if (got != last) {
        last = got;
        lastChange = now;
      } else if (now - lastChange > (long) (o.drainTimeoutSeconds * 1e9)) {
        log("deliveries %d/%d, none for %.0f s; giving up", got, expected, o.drainTimeoutSeconds);
        return false;
      }
      if (now > nextLog) {
        log("deliveries %d/%d", got, expected);
        nextLog = now + 1_000_000_000L;
      }
      Loop.sleep(0.02);
    }
  }

  /** Waits until the publisher finished (or the timeout). */
  void waitPublisher(double timeoutSeconds) {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    long nextLog = System.nanoTime() + 1_000_000_000L;
    while (!loop.call(() -> publisher.finished())) {
      long now = System.nanoTime();
      if (now > deadline) {
        log("publisher not finished after %.0f s; stopping it", timeoutSeconds);
        loop.run(publisher::stop);
        break;
      }
      if (now > nextLog) {
        long[] st = loop.call(() -> new long[] {publisher.sent, publisher.ok, publisher.failed, book == null ? -1 : book.deliveries()});
        if (st[3] < 0) {
          log("published %d (ok %d, failed calls %d)", st[0], st[1], st[2]);
        } else {
          log("published %d (ok %d, failed %d), deliveries %d", st[0], st[1], st[2], st[3]);
        }
        nextLog = now + 1_000_000_000L;
      }
      Loop.sleep(0.01);
    }
  }

  @Override
  public void close() {
    try {
      if (pool != null || publisher != null) {
        loop.run(() -> {
          if (publisher != null) {
            publisher.close();
          }
          if (pool != null) {
            pool.closeAll();
          }
        });
      }
    } catch (RuntimeException e) {
      // closing anyway
    }
    loop.close();
  }
}
