package dev.herald.bench;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Herald's /metrics (heap, direct memory) and /v1/stats with the publisher key. With several
 * nodes: /v1/stats of the first (it answers for the whole cluster), memory summed over every node.
 */
final class HeraldAdmin {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final java.util.List<String> bases = new java.util.ArrayList<>();
  private final String auth;

  HeraldAdmin(ScenarioOptions o) {
    for (String u : o.urls()) {
      bases.add(u.replaceAll("/+$", ""));
    }
    this.auth = "Bearer " + o.apiKey;
  }

  private String get(String path) {
    return get(bases.get(0), path);
  }

  private String get(String base, String path) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
          .timeout(Duration.ofSeconds(30)).GET().build();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Memory figures from /metrics in bytes: heapUsed, heapCommitted, nonHeapUsed, directUsed, mappedUsed. */
  Map<String, Long> memory() {
    Map<String, Long> sum = new LinkedHashMap<>();
    for (String base : bases) {
      String text = get(base, "/metrics");
      if (text == null) {
        return new LinkedHashMap<>(); // a node's figures missing: no sum
      }
      parseMemory(text).forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return sum;
  }

  static Map<String, Long> parseMemory(String text) {
    double heapUsed = 0;
    double heapCommitted = 0;
    double nonHeapUsed = 0;
    double direct = -1;
    double mapped = -1;
    boolean any = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      if (sp < 0) {
        continue;
      }
      double v;
      try {
        v = Double.parseDouble(line.substring(sp + 1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      if (line.startsWith("jvm_memory_used_bytes{")) {
        any = true;
        if (line.contains("area=\"heap\"")) {
          heapUsed += v;
        } else if (line.contains("area=\"nonheap\"")) {
          nonHeapUsed += v;
        }
      } else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
        heapCommitted += v;
      } else if (line.startsWith("jvm_buffer_memory_used_bytes{")) {
        if (line.contains("id=\"direct\"")) {
          direct = v;
        } else if (line.contains("id=\"mapped\"")) {
          mapped = v;
        }
      }
    }
    Map<String, Long> m = new LinkedHashMap<>();
    if (any) {
      m.put("heapUsed", (long) heapUsed);
      m.put("heapCommitted", (long) heapCommitted);
      m.put("nonHeapUsed", (long) nonHeapUsed);
    }
    if (direct >= 0) {
      m.put("directUsed", (long) direct);
    }
    if (mapped >= 0) {
      m.put("mappedUsed", (long) mapped);
    }
    return m;
  }

  /** /v1/stats as JSON, or null. */
  JsonObject stats() {
    String s = get("/v1/stats");
    try {
      return s == null ? null : new JsonObject(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
