package dev.herald.chaos;

import dev.herald.chaos.History.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The verdict as text (stdout, summary.txt) and as an HTML page with the timeline of faults and anomalies. */
final class Report {
    private static final int MAX_LISTED = 200;

    private Report() {
    }

    static String summary(ChaosRun.Result r) {
        History h = r.history();
        StringBuilder sb = new StringBuilder();
        sb.append("herald-chaos seed ").append(r.options().seed()).append(", faults for ")
                .append(r.options().duration().toSeconds()).append(" s, run ").append(r.endMs() / 1000).append(" s\n");
        sb.append("verdict: ").append(r.passed() ? "PASS (0 anomalies)" : "FAIL (" + r.anomalies().size() + " anomalies)")
                .append('\n');
        sb.append("faults: ").append(r.timeline().size()).append(' ').append(countBy(r.timeline().stream()
                .map(Fault.Event::kind).toList())).append('\n');
        for (String u : r.unavailableFaults()) {
            sb.append("  not run: ").append(u).append('\n');
        }
        sb.append("publishes: ").append(h.publishes.size()).append(' ').append(countBy(h.publishes.stream()
                .map(p -> p.outcome().name().toLowerCase(java.util.Locale.ROOT)).toList()))
                .append(", retried ").append(h.publishes.stream().filter(p -> p.attempts() > 1).count()).append('\n');
        long delivered = h.streams.stream().mapToLong(s -> s.received.size()).sum();
        long connections = h.streams.stream().mapToLong(s -> s.connections.size()).sum();
        sb.append("streams: ").append(h.streams.size()).append(", items received ").append(delivered)
                .append(", connections ").append(connections).append('\n');
        sb.append("inbox and preference changes: ").append(h.inboxOps.size()).append(' ').append(countBy(h.inboxOps.stream()
                .map(o -> o.kind() + " " + o.outcome().name().toLowerCase(java.util.Locale.ROOT)).toList())).append('\n');
        sb.append("inboxes checked: ").append(h.snapshots.size()).append(", items in them ")
                .append(h.snapshots.values().stream().mapToLong(s -> s.items().size()).sum()).append('\n');
        if (!r.passed()) {
            sb.append("anomalies: ").append(countBy(r.anomalies().stream().map(a -> a.kind().name()).toList())).append('\n');
            r.anomalies().stream().limit(30).forEach(a -> sb.append("  ").append(a).append('\n'));
        }
        return sb.toString();
    }

    static Map<String, Long> countBy(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    }

    static void write(ChaosRun.Result r, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), summary(r));
        StringBuilder a = new StringBuilder();
        r.anomalies().forEach(x -> a.append(x.atMs()).append('\t').append(x).append('\n'));
        Files.writeString(out.resolve("anomalies.txt"), a.toString());
        StringBuilder t = new StringBuilder();
        r.timeline().forEach(e -> t.append(e.startMs()).append('\t').append(e.endMs()).append('\t').append(e.kind())
                .append('\t').append(e.target()).append('\t').append(e.detail()).append('\n'));
        Files.writeString(out.resolve("faults.tsv"), t.toString());
        Files.writeString(out.resolve("report.html"), html(r));
        writeHistory(r.history(), out.resolve("history"));
    }

    /** The clients' own records, as the checker read them: to follow an anomaly back to what happened. */
    private static void writeHistory(History h, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder p = new StringBuilder("key\tuser\tstart_ms\tend_ms\toutcome\tid\tattempts\n");
        h.publishes.forEach(x -> p.append(x.key()).append('\t').append(x.user()).append('\t').append(x.startMs())
                .append('\t').append(x.endMs()).append('\t').append(x.outcome()).append('\t').append(x.id())
                .append('\t').append(x.attempts()).append('\n'));
        Files.writeString(dir.resolve("publishes.tsv"), p.toString());
        StringBuilder o = new StringBuilder("user\tkind\ttarget\tvalue\tstart_ms\tend_ms\toutcome\tstatus\n");
        h.inboxOps.forEach(x -> o.append(x.user()).append('\t').append(x.kind()).append('\t').append(x.target())
                .append('\t').append(x.value()).append('\t').append(x.startMs()).append('\t').append(x.endMs())
                .append('\t').append(x.outcome()).append('\t').append(x.status()).append('\n'));
        Files.writeString(dir.resolve("inbox-ops.tsv"), o.toString());
        StringBuilder st = new StringBuilder("stream\tat_ms\twhat\n");
        for (History.Stream s : h.streams) {
            st.append(s.name).append("\t0\tanchor ").append(s.anchor).append('\n');
            s.connections.forEach(c -> st.append(s.name).append('\t').append(c.endMs()).append("\tconnection to ")
                    .append(c.node()).append(" from ").append(c.startMs()).append(" ms ended: ").append(c.ending()).append('\n'));
            s.received.forEach(x -> st.append(s.name).append('\t').append(x.atMs()).append('\t').append(x.id()).append(' ')
                    .append(x.event()).append(x.key() == null ? "" : " " + x.key()).append('\n'));
            s.resets.forEach(x -> st.append(s.name).append('\t').append(x.atMs()).append("\treset ").append(x.reason())
                    .append('\n'));
        }
        Files.writeString(dir.resolve("streams.tsv"), st.toString());
    }

    private static String html(ChaosRun.Result r) {
        long end = Math.max(1, r.endMs());
        List<String> rows = new ArrayList<>(List.of("n1", "n2", "n3", "s1", "redis", "postgres", "disk"));
        r.timeline().stream().map(Fault.Event::target).filter(x -> !rows.contains(x)).distinct().forEach(rows::add);
        int width = 1100;
        int rowH = 26;
        int left = 80;
        int height = (rows.size() + 2) * rowH + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(width + left + 20).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"12\">\n");
        for (int i = 0; i < rows.size(); i++) {
            int y = 20 + i * rowH;
            svg.append("<text x=\"4\" y=\"").append(y + 16).append("\">").append(esc(rows.get(i))).append("</text>")
                    .append("<line x1=\"").append(left).append("\" x2=\"").append(left + width).append("\" y1=\"")
                    .append(y + rowH - 2).append("\" y2=\"").append(y + rowH - 2).append("\" stroke=\"#ddd\"/>\n");
        }
        Map<String, String> colours = new LinkedHashMap<>();
        String[] palette = {"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0", "#f032e6", "#9a6324",
            "#808000", "#000075", "#aa6e28", "#008080", "#800000", "#469990"};
        for (Fault.Event e : r.timeline()) {
            String colour = colours.computeIfAbsent(e.kind(), k -> palette[colours.size() % palette.length]);
            int y = 20 + rows.indexOf(e.target()) * rowH + 3;
            double x = left + (double) e.startMs() * width / end;
            double w = Math.max(2, (double) (e.endMs() - e.startMs()) * width / end);
            svg.append(String.format(java.util.Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.8\"><title>%s %s %.1f-%.1f s %s</title></rect>%n",
                    x, y, w, rowH - 8, colour, esc(e.kind()), esc(e.target()), e.startMs() / 1000.0, e.endMs() / 1000.0,
                    esc(e.detail())));
        }
        int ay = 20 + rows.size() * rowH;
        svg.append("<text x=\"4\" y=\"").append(ay + 16).append("\">anomalies</text>\n");
        for (Anomaly a : r.anomalies()) {
            double x = left + (double) a.atMs() * width / end;
            svg.append(String.format(java.util.Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"red\" stroke-width=\"2\"><title>%s</title></line>%n",
                    x, x, ay + 2, ay + rowH - 4, esc(a.toString())));
        }
        int ty = ay + rowH + 14;
        for (int s = 0; s <= 10; s++) {
            double x = left + s * width / 10.0;
            svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>%n",
                    x, ty, end * s / 10.0 / 1000.0));
        }
        svg.append("</svg>\n");

        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>herald-chaos seed ")
                .append(r.options().seed()).append("</title><style>body{font-family:sans-serif;margin:20px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}"
                        + "pre{white-space:pre-wrap}.pass{color:#080}.fail{color:#c00}</style></head><body>\n");
        html.append("<h1>herald-chaos, seed ").append(r.options().seed()).append(": <span class=\"")
                .append(r.passed() ? "pass\">PASS" : "fail\">FAIL").append("</span></h1>\n<pre>")
                .append(esc(summary(r))).append("</pre>\n<h2>Timeline</h2>\n").append(svg);
        html.append("<p>Legend: ");
        colours.forEach((k, c) -> html.append("<span style=\"color:").append(c).append("\">&#9632; ").append(esc(k))
                .append("</span> "));
        html.append("</p>\n<h2>Anomalies</h2>\n");
        if (r.anomalies().isEmpty()) {
            html.append("<p>None.</p>\n");
        } else {
            html.append("<table><tr><th>at</th><th>kind</th><th>subject</th><th>detail</th></tr>\n");
            r.anomalies().stream().limit(MAX_LISTED).forEach(a -> html.append("<tr><td>").append(a.atMs() / 1000.0)
                    .append(" s</td><td>").append(a.kind()).append("</td><td>").append(esc(a.subject())).append("</td><td>")
                    .append(esc(a.detail())).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        html.append("<h2>Faults</h2>\n<table><tr><th>from</th><th>to</th><th>fault</th><th>target</th><th>detail</th></tr>\n");
        for (Fault.Event e : r.timeline()) {
            html.append(String.format(java.util.Locale.ROOT, "<tr><td>%.1f s</td><td>%.1f s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                    e.startMs() / 1000.0, e.endMs() / 1000.0, esc(e.kind()), esc(e.target()), esc(e.detail())));
        }
        html.append("</table>\n<h2>Streams</h2>\n<table><tr><th>stream</th><th>connections</th><th>items</th>"
                + "<th>endings</th></tr>\n");
        for (History.Stream s : r.history().streams) {
            html.append("<tr><td>").append(esc(s.name)).append("</td><td>").append(s.connections.size()).append("</td><td>")
                    .append(s.received.size()).append("</td><td>").append(esc(countBy(s.connections.stream()
                            .map(c -> c.ending().replaceAll("\\d+", "#")).toList()).toString())).append("</td></tr>\n");
        }
        long unknown = r.history().publishes.stream().filter(p -> p.outcome() == Outcome.UNKNOWN).count();
        html.append("</table>\n<p>").append(unknown).append(" publishes ended without an answer: they may or may not "
                + "have been stored, and the checker allows either, once.</p>\n</body></html>\n");
        return html.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
