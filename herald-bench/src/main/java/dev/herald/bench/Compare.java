package dev.herald.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * compare: runs one scenario against several targets, interleaved (A, B, A, B, ...), and reports
 * the median of every figure per target and the ratio of the first target's median to the second's.
 */
public final class Compare {

  /** Which targets, how often, and where each one is. */
  public static final class Options {
    public List<ScenarioOptions.TargetKind> targets = List.of(ScenarioOptions.TargetKind.HERALD, ScenarioOptions.TargetKind.NCHAN);
    public int runs = 3;
    public Map<ScenarioOptions.TargetKind, String> urls = new LinkedHashMap<>();
    public Map<ScenarioOptions.TargetKind, List<Long>> pids = new LinkedHashMap<>();
    public double pauseSeconds = 2;
  }

  /** All runs, the medians per target and the ratios first/second. */
  public static final class Outcome {
    public final String scenario;
    public final List<Result> runs = new ArrayList<>();
    public final Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
    public final Map<String, Double> ratios = new LinkedHashMap<>();
    public final Map<String, Integer> completeRuns = new LinkedHashMap<>();
    public String ratioLabel = "";

    Outcome(String scenario) {
      this.scenario = scenario;
    }

    public JsonObject toJson() {
      JsonArray rs = new JsonArray();
      runs.forEach(r -> rs.add(r.toJson()));
      JsonObject med = new JsonObject();
      medians.forEach((t, m) -> {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> o.put(k, Double.isNaN(v) ? null : v));
        med.put(t, o);
      });
      JsonObject rat = new JsonObject();
      ratios.forEach((k, v) -> rat.put(k, Double.isNaN(v) ? null : v));
      return new JsonObject().put("scenario", scenario).put("compare", true)
          .put("ratio", ratioLabel).put("completeRuns", new JsonObject(new LinkedHashMap<>(completeRuns)))
          .put("medians", med).put("ratios", rat).put("runs", rs);
    }

    public String table() {
      StringBuilder sb = new StringBuilder();
      List<String> targets = new ArrayList<>(medians.keySet());
      sb.append(String.format(Locale.ROOT, "%n== compare %s: medians of %s runs each%n", scenario, completeRuns));
      int w = 10;
      for (Map<String, Double> m : medians.values()) {
        for (String k : m.keySet()) {
          w = Math.max(w, k.length());
        }
      }
      sb.append(String.format(Locale.ROOT, "  %-" + w + "s", "metric"));
      for (String t : targets) {
        sb.append(String.format(Locale.ROOT, "  %14s", t));
      }
      sb.append(String.format(Locale.ROOT, "  %10s%n", ratioLabel));
      for (String k : medians.get(targets.get(0)).keySet()) {
        sb.append(String.format(Locale.ROOT, "  %-" + w + "s", k));
        for (String t : targets) {
          Double v = medians.get(t).get(k);
          sb.append(String.format(Locale.ROOT, "  %14s", Result.fmt(v)));
        }
        Double r = ratios.get(k);
        sb.append(String.format(Locale.ROOT, "  %10s%n", r == null || r.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", r)));
      }
      for (Result r : runs) {
        if (!r.complete) {
          sb.append("  note: a ").append(r.target).append(" run was INCOMPLETE (see its notes)\n");
        }
      }
      return sb.toString();
    }
  }

  private Compare() {
  }

  public static Outcome run(String scenario, ScenarioOptions base, Options c) throws Exception {
    Outcome out = new Outcome(scenario);
    for (int i = 0; i < c.runs; i++) {
      for (ScenarioOptions.TargetKind t : c.targets) {
        ScenarioOptions o = base.copy();
        o.target = t;
        o.url = c.urls.getOrDefault(t, base.target == t ? base.url : null);
        o.serverPids = new ArrayList<>(c.pids.getOrDefault(t, base.target == t ? base.serverPids : List.of()));
        if (!o.quiet) {
          System.err.printf(Locale.ROOT, "--- compare %s: run %d/%d, %s%n", scenario, i + 1, c.runs, t.id());
        }
        Result r = Scenarios.run(scenario, o);
        r.params.put("run", i + 1);
        out.runs.add(r);
        if (!o.quiet) {
          System.out.print(r.table());
        }
        Loop.sleep(c.pauseSeconds);
      }
    }
    summarize(out);
    return out;
  }

  /**
   * Summarizes results run separately (e.g. idle against freshly started servers, one process per
   * run): result files of single runs or of compare runs, in any order.
   */
  public static Outcome summarize(List<Result> results) {
    Outcome out = new Outcome(results.isEmpty() ? "?" : results.get(0).scenario);
    out.runs.addAll(results);
    summarize(out);
    return out;
  }

  /** Fills medians and ratios from out.runs. */
  static void summarize(Outcome out) {
    Set<String> targets = new LinkedHashSet<>();
    Set<String> metrics = new LinkedHashSet<>();
    for (Result r : out.runs) {
      targets.add(r.target);
      for (Map.Entry<String, Object> e : r.metrics.entrySet()) {
        if (e.getValue() instanceof Number) {
          metrics.add(e.getKey());
        }
      }
    }
    for (String t : targets) {
      Map<String, Double> med = new LinkedHashMap<>();
      int complete = 0;
      for (Result r : out.runs) {
        if (r.target.equals(t) && r.complete) {
          complete++;
        }
      }
      out.completeRuns.put(t, complete);
      for (String k : metrics) {
        double[] vals = out.runs.stream().filter(r -> r.target.equals(t)).mapToDouble(r -> r.num(k)).toArray();
        med.put(k, Stats.median(vals));
      }
      out.medians.put(t, med);
    }
    List<String> ts = new ArrayList<>(targets);
    if (ts.size() >= 2) {
      out.ratioLabel = ts.get(0) + "/" + ts.get(1);
      for (String k : metrics) {
        out.ratios.put(k, Stats.ratio(out.medians.get(ts.get(0)).get(k), out.medians.get(ts.get(1)).get(k)));
      }
    }
  }
}
