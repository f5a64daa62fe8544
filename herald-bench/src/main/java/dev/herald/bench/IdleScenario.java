package dev.herald.bench;

import java.util.Map;

/**
 * idle: open N streams (connect rate), hold them, and report the server's memory per stream:
 * (RSS with N streams − RSS before) / N, from /proc/PID/status when a server pid is given; for
 * Herald also heap and direct memory from /metrics.
 */
public final class IdleScenario {
  private IdleScenario() {
  }

  static boolean jcmdGc(long pid) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  public static Result run(ScenarioOptions o) throws Exception {
    try (Session s = new Session("idle", o)) {
      Result r = s.result;
      int n = o.streams;
      r.params.put("streams", n);
      r.params.put("holdSeconds", o.holdSeconds);
      r.params.put("channels", o.target == ScenarioOptions.TargetKind.NCHAN ? (o.sharedChannel ? "shared" : "per-user") : "per-user");
      s.prepareStreams(n, o.sharedChannel);

      if (o.serverGc && s.admin != null && !o.serverPids.isEmpty()) {
        jcmdGc(o.serverPids.get(0)); // a clean baseline for the live heap
      }
      long rss0 = ProcStats.rssBytes(o.serverPids);
      Map<String, Long> mem0 = s.admin != null ? s.admin.memory() : Map.of();
      s.serverStats("before");
      s.cpuStart();
      double benchCpu0 = ProcStats.cpuSeconds(ProcStats.self());
      double serverCpu0 = ProcStats.cpuSeconds(o.serverPids);
      boolean all = s.openAllAndWait();
      double benchCpuConnect = ProcStats.cpuSeconds(ProcStats.self()) - benchCpu0;
      double serverCpuConnect = ProcStats.cpuSeconds(o.serverPids) - serverCpu0;
      long[] c = s.loop.call(() -> new long[] {
          s.pool.readyCount, s.pool.failedConnects, s.pool.firstConnectStartNanos, s.pool.lastReadyNanos});
      double connectSeconds = (c[3] - c[2]) / 1e9;
      s.log("%d/%d streams ready in %.2f s (%.0f/s)", c[0], n, connectSeconds, Stats.perSecond(c[0], c[3] - c[2]));
      r.metric("streams", n);
      r.metric("connected", c[0]);
      r.metric("failedConnects", c[1]);
      r.metric("connectSeconds", connectSeconds);
      r.metric("connectsPerSecond", Stats.perSecond(c[0], c[3] - c[2]));
      s.latencyInto(s.pool.connectLatency, "connect");
      // CPU over the connect phase alone: the server's cost per connect holds even when the client
      // limits the rate.
      r.metric("connectPhaseBenchCpuPercent", Stats.cpuPercent(benchCpuConnect, connectSeconds));
      if (!o.serverPids.isEmpty()) {
        r.metric("connectPhaseServerCpuPercent", Stats.cpuPercent(serverCpuConnect, connectSeconds));
        r.metric("serverCpuMicrosPerConnect", c[0] > 0 ? serverCpuConnect * 1e6 / c[0] : Double.NaN);
      }

      s.log("holding %d streams for %.0f s", c[0], o.holdSeconds);
      Loop.sleep(o.holdSeconds);
      long rss1 = ProcStats.rssBytes(o.serverPids);
      Map<String, Long> mem1 = s.admin != null ? s.admin.memory() : Map.of();
      s.serverStats("after");
      long[] end = s.loop.call(() -> new long[] {s.pool.openCount, s.pool.endedByServer, s.pool.readyCount});
      s.cpuStop();

      r.metric("openAtEnd", end[0]);
      r.metric("endedByServer", end[1]);
      if (rss0 >= 0 && rss1 >= 0) {
        r.metric("rssBeforeMiB", rss0 / 1048576.0);
        r.metric("rssAfterMiB", rss1 / 1048576.0);
        r.metric("rssBytesPerStream", Stats.perStream(rss0, rss1, c[0]));
        r.metric("rssKiBPerStream", Stats.perStream(rss0, rss1, c[0]) / 1024.0);
      } else if (!o.serverPids.isEmpty()) {
        r.notes.add("could not read the server's RSS from /proc (pid " + o.serverPids + ")");
      } else {
        r.notes.add("no --server-pid: the server's memory per stream was not measured");
      }
      for (String k : new String[] {"heapUsed", "heapCommitted", "directUsed", "nonHeapUsed"}) {
        if (mem0.containsKey(k) && mem1.containsKey(k)) {
          r.metric(k + "BeforeMiB", mem0.get(k) / 1048576.0);
          r.metric(k + "AfterMiB", mem1.get(k) / 1048576.0);
          r.metric(k + "BytesPerStream", Stats.perStream(mem0.get(k), mem1.get(k), c[0]));
        }
      }
      if (o.serverGc && s.admin != null && !o.serverPids.isEmpty() && mem0.containsKey("heapUsed")) {
        // The live heap: a full GC in the hub (jcmd PID GC.run), then /metrics again.
        if (jcmdGc(o.serverPids.get(0))) {
          Map<String, Long> mem2 = s.admin.memory();
          if (mem2.containsKey("heapUsed")) {
            r.metric("heapUsedAfterGcMiB", mem2.get("heapUsed") / 1048576.0);
            r.metric("heapLiveBytesPerStream", Stats.perStream(mem0.get("heapUsed"), mem2.get("heapUsed"), c[0]));
            r.notes.add("heapLiveBytesPerStream: heap used after a full GC of the hub (jcmd GC.run) with the streams "
                + "open, minus heap used after a full GC before they opened");
          }
        } else {
          r.notes.add("--server-gc: jcmd GC.run failed");
        }
      }
      r.timeline = s.pool.connectTimeline.ratePerSecond();
      r.timelineBucketMs = s.pool.connectTimeline.bucketMillis();
      r.timelineLabel = "connects/s";
      r.complete = all && end[0] == n && end[1] == 0;
      if (!r.complete) {
        r.notes.add("not every stream connected and stayed open");
      }
      s.finish();
      return r;
    }
  }
}
