package dev.herald.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResultMathTest {

  @Test
  void ratesAndPerStreamFigures() {
    assertThat(Stats.perSecond(1_000_000, 10_000_000_000L)).isEqualTo(100_000.0);
    assertThat(Stats.perSecond(5, 0)).isZero();
    assertThat(Stats.perStream(100L << 20, 200L << 20, 10_000)).isCloseTo(10485.76, within(1e-9));
    assertThat(Stats.perStream(-1, 5, 10)).isNaN();
    assertThat(Stats.perStream(1, 5, 0)).isNaN();
    assertThat(Stats.cpuPercent(1.5, 3.0)).isEqualTo(50.0);
    assertThat(Stats.cpuPercent(1, 0)).isNaN();
  }

  @Test
  void medianAndRatio() {
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2.0);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Stats.median(Double.NaN, 5, 7)).isEqualTo(6.0);
    assertThat(Stats.median()).isNaN();
    assertThat(Stats.ratio(50, 100)).isEqualTo(0.5);
    assertThat(Stats.ratio(1, 0)).isNaN();
    assertThat(Stats.ratio(Double.NaN, 1)).isNaN();
  }

  @Test
  void latencySummaryInMilliseconds() {
    Histogram h = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L); // 1..1000 ms
    }
    Map<String, Object> s = Stats.latencySummary(h);
    assertThat(s.get("count")).isEqualTo(1000L);
    assertThat((Double) s.get("p50Ms")).isCloseTo(500, within(1.0));
    assertThat((Double) s.get("p99Ms")).isCloseTo(990, within(1.0));
    assertThat((Double) s.get("maxMs")).isCloseTo(1000, within(1.0));
    List<double[]> curve = Stats.latencyCurve(h);
    assertThat(curve).isNotEmpty();
    assertThat(curve.get(curve.size() - 1)[1]).isCloseTo(1000, within(1.0));
    assertThat(Stats.latencySummary(new Histogram(1000, 3))).containsOnlyKeys("count");
  }

  @Test
  void bookMeasuresDeliveriesBeforeAndAfterThePublishReply() {
    MessageBook b = new MessageBook(4, 100);
    long t0 = 1_000_000_000L;
    // Herald: the frame can arrive before the 202 names the key
    b.delivered(0, 7, t0 + 3_000_000);
    b.delivered(1, 7, t0 + 5_000_000);
    b.sent(7, t0, MessageBook.BROADCAST);
    b.acked(7);
    // Nchan: key known before the send
    b.sent(8, t0 + 10_000_000, MessageBook.BROADCAST);
    b.acked(8);
    b.delivered(0, 8, t0 + 12_000_000);
    b.delivered(1, 8, t0 + 12_000_000);
    b.delivered(1, 8, t0 + 13_000_000); // a duplicate
    assertThat(b.latency().getTotalCount()).isEqualTo(5);
    assertThat(b.latency().getMinValue()).isEqualTo(2000);
    assertThat(b.latency().getMaxValue()).isBetween(4990L, 5010L);
    MessageBook.Tally t = b.tally(2);
    assertThat(t.messages).isEqualTo(2);
    assertThat(t.expectedDeliveries).isEqualTo(4);
    assertThat(t.missingDeliveries).isZero();
    assertThat(t.extraDeliveries).isEqualTo(1);
    assertThat(t.complete()).isFalse();
    assertThat(b.maxAckedKey()).isEqualTo(8);
  }

  @Test
  void tallyCountsLostUnknownAndMisrouted() {
    MessageBook b = new MessageBook(2, 100);
    b.sent(1, 10, 0);
    b.acked(1);
    b.sent(2, 20, 1);
    b.acked(2);
    b.sent(3, 30, 2);
    b.acked(3);
    b.delivered(0, 1, 100); // right stream
    b.delivered(0, 2, 100); // wrong stream
    b.delivered(5, 99, 100); // never published
    MessageBook.Tally t = b.tally(1);
    assertThat(t.missingDeliveries).isEqualTo(1);
    assertThat(t.messagesNeverDelivered).isEqualTo(1);
    assertThat(t.misrouted).isEqualTo(1);
    assertThat(t.unknownDeliveries).isEqualTo(1);
    assertThat(t.complete()).isFalse();
  }

  @Test
  void exactlyOncePerStreamWhateverTheOrder() {
    MessageBook b = new MessageBook(4, 2, 100);
    for (long k = 1; k <= 3; k++) {
      b.sent(k, k, MessageBook.BROADCAST);
      b.acked(k);
    }
    // stream 0: 3, 1, 2 (out of order, complete); stream 1: 1, 1, 3 (a duplicate, 2 missing)
    b.delivered(0, 3, 10);
    b.delivered(0, 1, 11);
    b.delivered(0, 2, 12);
    b.delivered(1, 1, 10);
    b.delivered(1, 1, 11);
    b.delivered(1, 3, 12);
    assertThat(b.distinct(0)).isEqualTo(3);
    assertThat(b.streamDuplicates(0)).isZero();
    assertThat(b.distinct(1)).isEqualTo(2);
    assertThat(b.streamDuplicates(1)).isEqualTo(1);
    assertThat(b.duplicateDeliveries()).isEqualTo(1);
    MessageBook.Tally t = b.tally(2);
    assertThat(t.missingDeliveries).isEqualTo(1); // message 2 reached one stream of two
    assertThat(t.extraDeliveries).isEqualTo(1);   // message 1 reached three times
  }

  @Test
  void bookGrowsPastItsFirstCapacity() {
    MessageBook b = new MessageBook(1, 100);
    for (long k = 1; k <= 5000; k++) {
      b.sent(k, k, MessageBook.BROADCAST);
      b.acked(k);
      b.delivered(0, k, k + 1000);
    }
    MessageBook.Tally t = b.tally(1);
    assertThat(t.messages).isEqualTo(5000);
    assertThat(t.complete()).isTrue();
    assertThat(b.latency().getTotalCount()).isEqualTo(5000);
  }

  @Test
  void timelineBucketsAndRates() {
    Timeline tl = new Timeline(100);
    tl.start(0);
    tl.add(10_000_000L);
    tl.add(50_000_000L);
    tl.add(250_000_000L, 3);
    assertThat(tl.counts()).containsExactly(2, 0, 3);
    assertThat(tl.ratePerSecond()).containsExactly(20.0, 0.0, 30.0);
  }

  @Test
  void longIntMap() {
    LongIntMap m = new LongIntMap(2);
    for (int i = 0; i < 10_000; i++) {
      m.put(i * 31L, i);
    }
    assertThat(m.size()).isEqualTo(10_000);
    assertThat(m.get(31L * 777)).isEqualTo(777);
    assertThat(m.get(5)).isEqualTo(-1);
  }

  @Test
  void procStatCpuTicksAndHeraldReplies() {
    String stat = "1234 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 30 0 100 0 0";
    assertThat(ProcStats.parseCpuTicks(stat)).isEqualTo(300);
    assertThat(TargetAdapter.Herald.parseIdSeq("{\"id\":\"1kgwwd9w50-123\",\"recipients\":5000}")).isEqualTo(123);
    assertThat(TargetAdapter.Herald.parseRecipients("{\"id\":\"1kgwwd9w50-123\",\"recipients\":5000}")).isEqualTo(5000);
    assertThat(TargetAdapter.Herald.parseIdSeq("{\"error\":{}}")).isEqualTo(-1);
  }

  @Test
  void heraldMetricsMemory() {
    String text = "# HELP x\n"
        + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\",node=\"n\"} 1.0E7\n"
        + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\",node=\"n\"} 2.0E7\n"
        + "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\",node=\"n\"} 5.0E6\n"
        + "jvm_memory_committed_bytes{area=\"heap\",id=\"G1 Old Gen\",node=\"n\"} 5.36870912E8\n"
        + "jvm_buffer_memory_used_bytes{id=\"direct\",node=\"n\"} 1048576.0\n"
        + "jvm_buffer_memory_used_bytes{id=\"mapped\",node=\"n\"} 0.0\n";
    Map<String, Long> m = HeraldAdmin.parseMemory(text);
    assertThat(m).containsEntry("heapUsed", 30_000_000L).containsEntry("nonHeapUsed", 5_000_000L)
        .containsEntry("heapCommitted", 536_870_912L).containsEntry("directUsed", 1_048_576L);
  }

  @Test
  void jwtHasTheHs256Shape() throws Exception {
    String t = new Jwt("bench-secret-0123456789abcdef0123456789").mint("u1", 2_000_000_000L);
    String[] parts = t.split("\\.");
    assertThat(parts).hasSize(3);
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
    assertThat(new JsonObject(payload).getString("sub")).isEqualTo("u1");
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("bench-secret-0123456789abcdef0123456789".getBytes(), "HmacSHA256"));
    String sig = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes()));
    assertThat(parts[2]).isEqualTo(sig);
  }

  @Test
  void compareMediansAndRatios() {
    Compare.Outcome out = new Compare.Outcome("fanout");
    double[][] vals = {{100, 10}, {200, 20}, {120, 12}, {180, 18}, {110, 11}, {190, 19}};
    for (int i = 0; i < vals.length; i++) {
      Result r = new Result("fanout", i % 2 == 0 ? "herald" : "nchan");
      r.metric("deliveriesPerSecond", vals[i][0]);
      r.metric("latencyP99Ms", vals[i][1]);
      r.complete = i != 0;
      out.runs.add(r);
    }
    Compare.summarize(out);
    assertThat(out.medians.get("herald")).containsEntry("deliveriesPerSecond", 110.0);
    assertThat(out.medians.get("nchan")).containsEntry("deliveriesPerSecond", 190.0);
    assertThat(out.ratios.get("deliveriesPerSecond")).isCloseTo(110.0 / 190, within(1e-12));
    assertThat(out.ratioLabel).isEqualTo("herald/nchan");
    assertThat(out.completeRuns).containsEntry("herald", 2).containsEntry("nchan", 3);
    assertThat(out.table()).contains("deliveriesPerSecond");
    assertThat(out.toJson().getJsonObject("ratios").getDouble("latencyP99Ms")).isCloseTo(11.0 / 19, within(1e-12));
  }

  @Test
  void resultJsonAndHtml() {
    Result r = new Result("fanout", "herald");
    r.metric("deliveriesPerSecond", 1234.5).metric("nan", Double.NaN);
    r.latencyCurve.add(new double[] {50, 1.5});
    r.latencyCurve.add(new double[] {99, 3.0});
    r.timeline = new double[] {10, 20, 15};
    r.notes.add("a <note>");
    JsonObject j = r.toJson();
    assertThat(j.getJsonObject("metrics").getDouble("deliveriesPerSecond")).isEqualTo(1234.5);
    assertThat(j.getJsonObject("metrics").containsKey("nan")).isTrue();
    assertThat(j.getJsonObject("metrics").getValue("nan")).isNull();
    String html = Report.html("t", List.of(r), null);
    assertThat(html).contains("<svg", "polyline", "a &lt;note&gt;").doesNotContain("<note>");
    assertThat(r.table()).contains("deliveriesPerSecond", "1,234.5");
  }
}
