package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One result from the parts of a run that several bench processes made at the same time, e.g. one
 * idle process per node of a cluster (one process cannot hold more streams than its open-file
 * limit). Counts, memory and CPU are summed; per-stream figures are recomputed over the sum; each
 * part's main figures stay, suffixed Node1, Node2, ... in the order of the parts.
 */
final class Combined {
  private Combined() {
  }

  /** Metrics summed over the parts. */
  private static final String[] SUMMED = {"streams", "connected", "failedConnects", "openAtEnd", "endedByServer",
      "rssBeforeMiB", "rssAfterMiB", "heapUsedBeforeMiB", "heapUsedAfterMiB", "heapCommittedBeforeMiB",
      "heapCommittedAfterMiB", "directUsedBeforeMiB", "directUsedAfterMiB", "nonHeapUsedBeforeMiB", "nonHeapUsedAfterMiB",
      "connectPhaseBenchCpuPercent", "connectPhaseServerCpuPercent", "benchCpuSeconds", "benchCpuPercent",
      "serverCpuSeconds", "serverCpuPercent", "auxCpuSeconds"};

  /** Each part's figures kept with the suffix NodeK. */
  private static final String[] PER_PART = {"connected", "failedConnects", "connectsPerSecond", "rssAfterMiB",
      "rssKiBPerStream", "serverCpuMicrosPerConnect", "connectPhaseServerCpuPercent", "benchCpuPercent",
      "connectP99Ms"};

  /** The sum of idle runs made at the same time (one per node); throws IllegalArgumentException for other scenarios. */
  static Result idle(List<Result> parts, String label) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to combine");
    }
    for (Result p : parts) {
      if (!"idle".equals(p.scenario)) {
        throw new IllegalArgumentException("combine adds up idle runs only, not " + p.scenario);
      }
    }
    Result first = parts.get(0);
    Result r = new Result("idle", label != null && !label.isBlank() ? label : first.target);
    r.params.putAll(first.params);
    r.params.remove("url");
    r.params.remove("serverPids");
    List<Object> urls = new ArrayList<>();
    List<Object> pids = new ArrayList<>();
    for (Result p : parts) {
      urls.add(p.params.get("url"));
      pids.add(p.params.get("serverPids"));
    }
    r.params.put("url", String.join(",", urls.stream().map(String::valueOf).toList()));
    r.params.put("parts", parts.size());
    r.params.put("serverPids", pids.toString());
    r.params.put("streams", (long) sum(parts, "streams"));

    for (String k : SUMMED) {
      if (parts.stream().allMatch(p -> !Double.isNaN(p.num(k)))) {
        r.metric(k, sum(parts, k));
      }
    }
    double connected = sum(parts, "connected");
    double connectSeconds = max(parts, "connectSeconds");
    r.metric("connectSeconds", connectSeconds);
    // The parts connect at the same time: all of them over the longest part's connect phase.
    r.metric("connectsPerSecond", connectSeconds > 0 ? connected / connectSeconds : Double.NaN);
    perStream(r, parts, "rssBeforeMiB", "rssAfterMiB", connected, "rssBytesPerStream");
    if (r.metrics.get("rssBytesPerStream") instanceof Number n) {
      r.metric("rssKiBPerStream", n.doubleValue() / 1024.0);
    }
    for (String m : new String[] {"heapUsed", "heapCommitted", "directUsed", "nonHeapUsed"}) {
      perStream(r, parts, m + "BeforeMiB", m + "AfterMiB", connected, m + "BytesPerStream");
    }
    double cpuConnect = 0;
    boolean haveCpu = true;
    for (Result p : parts) {
      double per = p.num("serverCpuMicrosPerConnect");
      double c = p.num("connected");
      haveCpu &= !Double.isNaN(per);
      cpuConnect += per * c;
    }
    if (haveCpu && connected > 0) {
      r.metric("serverCpuMicrosPerConnect", cpuConnect / connected);
    }
    r.metric("cpuWindowSeconds", max(parts, "cpuWindowSeconds"));
    for (int i = 0; i < parts.size(); i++) {
      for (String k : PER_PART) {
        double v = parts.get(i).num(k);
        if (!Double.isNaN(v)) {
          r.metric(k + "Node" + (i + 1), v);
        }
      }
    }
    r.complete = parts.stream().allMatch(p -> p.complete);
    r.notes.add(String.format(Locale.ROOT, "%d idle runs at the same time, one bench process each, added up; "
        + "connectsPerSecond is all connected over the longest part's connect phase", parts.size()));
    for (int i = 0; i < parts.size(); i++) {
      for (String n : parts.get(i).notes) {
        r.notes.add("node " + (i + 1) + ": " + n);
      }
    }
    if (!r.complete) {
      r.notes.add("not every stream connected and stayed open (see the parts' notes)");
    }
    return r;
  }

  private static void perStream(Result r, List<Result> parts, String before, String after, double n, String out) {
    double b = sum(parts, before);
    double a = sum(parts, after);
    if (!Double.isNaN(a) && !Double.isNaN(b) && n > 0) {
      r.metric(out, (a - b) * 1048576.0 / n);
    }
  }

  /** The sum of a metric over the parts, NaN when a part lacks it. */
  static double sum(List<Result> parts, String k) {
    double s = 0;
    for (Result p : parts) {
      s += p.num(k);
    }
    return s;
  }

  private static double max(List<Result> parts, String k) {
    double m = Double.NaN;
    for (Result p : parts) {
      double v = p.num(k);
      if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) {
        m = v;
      }
    }
    return m;
  }
}
