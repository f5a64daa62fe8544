package dev.herald.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outcome of one scenario run against one target: figures, completeness, charts' data. */
public final class Result {
  public final String scenario;
  public final String target;
  /** What was asked (sizes, rates, URL). */
  public final Map<String, Object> params = new LinkedHashMap<>();
  /** The figures, in display order: numbers, booleans or strings. */
  public final Map<String, Object> metrics = new LinkedHashMap<>();
  /** Latency summary (count, p50Ms ... maxMs), empty when the scenario measures none. */
  public final Map<String, Object> latency = new LinkedHashMap<>();
  /** Points [percentile, ms] of the latency distribution. */
  public final List<double[]> latencyCurve = new ArrayList<>();
  /** Events per second over time (deliveries, or connects for idle). */
  public double[] timeline = new double[0];
  public long timelineBucketMs = 100;
  public String timelineLabel = "deliveries/s";
  /** Server-side figures as reported by the server (Herald's /v1/stats). */
  public final Map<String, Object> server = new LinkedHashMap<>();
  /** Errors, warnings, caveats. */
  public final List<String> notes = new ArrayList<>();
  /** Whether the run is a valid result: all streams connected, every delivery exactly once. */
  public boolean complete = true;

  public Result(String scenario, String target) {
    this.scenario = scenario;
    this.target = target;
  }

  public Result metric(String name, Object value) {
    if (value instanceof Double && (((Double) value).isNaN() || ((Double) value).isInfinite())) {
      value = null;
    }
    metrics.put(name, value);
    return this;
  }

  /** A numeric metric (latency percentiles included as latencyP50Ms ...), NaN when absent. */
  public double num(String name) {
    Object v = metrics.get(name);
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1 : 0;
    }
    return Double.NaN;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("scenario", scenario)
        .put("target", target)
        .put("complete", complete)
        .put("params", new JsonObject(new LinkedHashMap<>(params)))
        .put("metrics", new JsonObject(new LinkedHashMap<>(metrics)))
        .put("latency", new JsonObject(new LinkedHashMap<>(latency)));
    JsonArray curve = new JsonArray();
    for (double[] p : latencyCurve) {
      curve.add(new JsonArray().add(p[0]).add(p[1]));
    }
    j.put("latencyCurve", curve);
    JsonArray tl = new JsonArray();
    for (double v : timeline) {
      tl.add(Math.round(v * 10) / 10.0);
    }
    j.put("timeline", new JsonObject().put("label", timelineLabel).put("bucketMs", timelineBucketMs).put("perSecond", tl));
    j.put("server", new JsonObject(new LinkedHashMap<>(server)));
    j.put("notes", new JsonArray(new ArrayList<>(notes)));
    return j;
  }

  /** Reads a result written by {@link #toJson()} (for summarize). */
  public static Result fromJson(JsonObject j) {
    Result r = new Result(j.getString("scenario"), j.getString("target"));
    r.complete = j.getBoolean("complete", true);
    copy(j.getJsonObject("params"), r.params);
    copy(j.getJsonObject("metrics"), r.metrics);
    copy(j.getJsonObject("latency"), r.latency);
    copy(j.getJsonObject("server"), r.server);
    JsonArray curve = j.getJsonArray("latencyCurve", new JsonArray());
    for (int i = 0; i < curve.size(); i++) {
      JsonArray p = curve.getJsonArray(i);
      r.latencyCurve.add(new double[] {p.getDouble(0), p.getDouble(1)});
    }
    JsonObject tl = j.getJsonObject("timeline");
    if (tl != null) {
      r.timelineLabel = tl.getString("label", r.timelineLabel);
      r.timelineBucketMs = tl.getLong("bucketMs", r.timelineBucketMs);
      JsonArray ps = tl.getJsonArray("perSecond", new JsonArray());
      r.timeline = new double[ps.size()];
      for (int i = 0; i < ps.size(); i++) {
        r.timeline[i] = ps.getDouble(i);
      }
    }
    JsonArray notes = j.getJsonArray("notes", new JsonArray());
    for (int i = 0; i < notes.size(); i++) {
      r.notes.add(notes.getString(i));
    }
    return r;
  }

  private static void copy(JsonObject from, Map<String, Object> to) {
    if (from != null) {
      for (String k : from.fieldNames()) {
        to.put(k, from.getValue(k));
      }
    }
  }

  static String fmt(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "-";
      }
      if (d == 0) {
        return "0";
      }
      double a = Math.abs(d);
      if (a >= 100_000 || (a >= 100 && d == Math.rint(d))) {
        return String.format(Locale.ROOT, "%,.0f", d);
      }
      if (a >= 100) {
        return String.format(Locale.ROOT, "%,.1f", d);
      }
      if (a >= 1) {
        return String.format(Locale.ROOT, "%.2f", d);
      }
      return String.format(Locale.ROOT, "%.3f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }

  /** A two-column table for the terminal. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n== %s / %s  %s%n", scenario, target, complete ? "COMPLETE" : "INCOMPLETE"));
    int w = 8;
    for (String k : metrics.keySet()) {
      w = Math.max(w, k.length());
    }
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %s%n", e.getKey(), fmt(e.getValue())));
    }
    for (String n : notes) {
      sb.append("  note: ").append(n).append('\n');
    }
    return sb.toString();
  }
}
