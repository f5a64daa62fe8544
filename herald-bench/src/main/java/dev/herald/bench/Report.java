package dev.herald.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results: JSON files, and a self-contained HTML report with inline SVG charts. */
public final class Report {
  private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

  private Report() {
  }

  public static void writeJson(Path file, JsonObject json) throws IOException {
    mkdirs(file);
    Files.writeString(file, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
  }

  private static void mkdirs(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  public static void writeHtml(Path file, String title, List<Result> results, Compare.Outcome compare) throws IOException {
    mkdirs(file);
    Files.writeString(file, html(title, results, compare), StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** One line of a chart. */
  record Series(String name, String color, List<double[]> points) {
  }

  static String html(String title, List<Result> results, Compare.Outcome compare) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.bad{color:#b00;font-weight:bold}")
        .append(".ok{color:#070;font-weight:bold}svg{background:#fff;border:1px solid #ddd;margin:6px 12px 6px 0}")
        .append(".note{color:#555}</style></head><body>");
    h.append("<h1>").append(esc(title)).append("</h1>");

    if (compare != null && !compare.medians.isEmpty()) {
      h.append("<h2>Medians per target</h2><table><tr><th>metric</th>");
      List<String> ts = new ArrayList<>(compare.medians.keySet());
      for (String t : ts) {
        h.append("<th>").append(esc(t)).append(" (").append(compare.completeRuns.get(t)).append(" complete)</th>");
      }
      h.append("<th>").append(esc(compare.ratioLabel)).append("</th></tr>");
      for (String k : compare.medians.get(ts.get(0)).keySet()) {
        h.append("<tr><td>").append(esc(k)).append("</td>");
        for (String t : ts) {
          h.append("<td>").append(Result.fmt(compare.medians.get(t).get(k))).append("</td>");
        }
        Double r = compare.ratios.get(k);
        h.append("<td>").append(r == null || r.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", r)).append("</td></tr>");
      }
      h.append("</table>");
    }

    // charts over all results
    List<Series> lat = new ArrayList<>();
    List<Series> tl = new ArrayList<>();
    String tlLabel = results.isEmpty() ? "" : results.get(0).timelineLabel;
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      String color = colorFor(r.target, i, results);
      String name = r.target + (r.params.containsKey("run") ? " #" + r.params.get("run") : "");
      List<double[]> lp = new ArrayList<>();
      for (double[] p : r.latencyCurve) {
        double x = p[0] >= 100 ? 5 : -Math.log10(1 - p[0] / 100.0);
        lp.add(new double[] {Math.min(5, x), p[1]});
      }
      if (!lp.isEmpty()) {
        lat.add(new Series(name, color, lp));
      }
      List<double[]> tp = new ArrayList<>();
      for (int b = 0; b < r.timeline.length; b++) {
        tp.add(new double[] {b * r.timelineBucketMs / 1000.0, r.timeline[b]});
      }
      if (!tp.isEmpty()) {
        tl.add(new Series(name, color, tp));
      }
    }
    if (!lat.isEmpty()) {
      h.append(svg("Latency distribution (ms) by percentile", lat, true, "percentile", "ms"));
    }
    if (!tl.isEmpty()) {
      h.append(svg(tlLabel + " over time", tl, false, "seconds", tlLabel));
    }

    for (Result r : results) {
      h.append("<h2>").append(esc(r.scenario)).append(" / ").append(esc(r.target));
      if (r.params.containsKey("run")) {
        h.append(" run ").append(r.params.get("run"));
      }
      h.append(" <span class=\"").append(r.complete ? "ok\">complete" : "bad\">INCOMPLETE").append("</span></h2>");
      h.append("<p class=\"note\">");
      for (Map.Entry<String, Object> e : r.params.entrySet()) {
        h.append(esc(e.getKey())).append("=").append(esc(String.valueOf(e.getValue()))).append(" &nbsp; ");
      }
      h.append("</p><table><tr><th>metric</th><th>value</th></tr>");
      for (Map.Entry<String, Object> e : r.metrics.entrySet()) {
        h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(Result.fmt(e.getValue()))).append("</td></tr>");
      }
      h.append("</table>");
      if (!r.server.isEmpty()) {
        h.append("<p class=\"note\">server: ");
        r.server.forEach((k, v) -> h.append(esc(k)).append("=").append(esc(String.valueOf(v))).append(" &nbsp; "));
        h.append("</p>");
      }
      for (String n : r.notes) {
        h.append("<p class=\"note\">note: ").append(esc(n)).append("</p>");
      }
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String colorFor(String target, int i, List<Result> all) {
    List<String> targets = new ArrayList<>();
    for (Result r : all) {
      if (!targets.contains(r.target)) {
        targets.add(r.target);
      }
    }
    boolean byTarget = all.size() > targets.size();
    int idx = byTarget ? targets.indexOf(target) : i;
    return PALETTE[idx % PALETTE.length];
  }

  /** A line chart; percentileAxis: x is nines (0 = p0, 1 = p90, 2 = p99, ...). */
  static String svg(String title, List<Series> series, boolean percentileAxis, String xLabel, String yLabel) {
    int w = 520;
    int hgt = 300;
    int ml = 64;
    int mr = 30;
    int mt = 28;
    int mb = 44;
    double xmax = 0;
    double ymax = 0;
    for (Series s : series) {
      for (double[] p : s.points) {
        xmax = Math.max(xmax, p[0]);
        ymax = Math.max(ymax, p[1]);
      }
    }
    if (percentileAxis) {
      xmax = Math.max(1, Math.ceil(xmax));
    }
    xmax = xmax <= 0 ? 1 : xmax;
    ymax = niceCeil(ymax <= 0 ? 1 : ymax);
    double pw = w - ml - mr;
    double ph = hgt - mt - mb;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"11\">", w, hgt, w, hgt));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"bold\">%s</text>", ml, esc(title)));
    // y grid
    for (int i = 0; i <= 4; i++) {
      double v = ymax * i / 4;
      double y = mt + ph - ph * i / 4;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", ml, ml + pw, y, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", ml - 4, y + 4, esc(Result.fmt(v))));
    }
    // x ticks
    if (percentileAxis) {
      String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
      for (int i = 0; i <= (int) xmax && i < labels.length; i++) {
        double x = ml + pw * i / xmax;
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", x, x, mt, mt + ph));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, mt + ph + 14, labels[i]));
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        double v = xmax * i / 5;
        double x = ml + pw * i / 5;
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, mt + ph + 14, esc(Result.fmt(v))));
      }
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", ml + pw / 2, hgt - 16, esc(xLabel)));
    s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" transform=\"rotate(-90 12 %.1f)\" text-anchor=\"middle\">%s</text>", mt + ph / 2, mt + ph / 2, esc(yLabel)));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>", ml, mt, pw, ph));
    int legendY = mt + 12;
    List<String> seen = new ArrayList<>();
    for (Series se : series) {
      StringBuilder pts = new StringBuilder();
      for (double[] p : se.points) {
        double x = ml + pw * p[0] / xmax;
        double y = mt + ph - ph * Math.min(p[1], ymax) / ymax;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(se.color).append("\" points=\"").append(pts).append("\"/>");
      String legend = se.name.replaceAll(" #\\d+$", "");
      if (!seen.contains(legend)) {
        seen.add(legend);
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", ml + 8, legendY, se.color, esc(legend)));
        legendY += 14;
      }
    }
    s.append("</svg>");
    return s.toString();
  }

  /** The next "nice" number at or above v: 1, 2, 2.5, 5 × 10^k. */
  static double niceCeil(double v) {
    double e = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * e >= v) {
        return m * e;
      }
    }
    return 10 * e;
  }
}
