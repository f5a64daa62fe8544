package dev.herald.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * unicast: N users each with a stream; publish to random users at rate R for S seconds; latency
 * percentiles and completeness (each message exactly once, on its user's stream; 0 lost expected).
 */
public final class UnicastScenario {
  private UnicastScenario() {
  }

  public static Result run(ScenarioOptions o) throws Exception {
    if (o.rate <= 0) {
      throw new IllegalArgumentException("unicast needs --rate > 0");
    }
    try (Session s = new Session("unicast", o)) {
      Result r = s.result;
      int n = o.streams;
      long total = Math.max(1, Math.round(o.rate * o.seconds));
      r.params.put("users", n);
      r.params.put("rate", o.rate);
      r.params.put("seconds", o.seconds);
      r.params.put("messages", total);
      r.params.put("warmupMessages", o.warmupMessages);
      s.prepareStreams(n, false);
      s.book = new MessageBook((int) Math.min(Integer.MAX_VALUE - 8, total), n, 100);
      s.pool.listener = (st, key, now) -> s.book.delivered(st.index, key, now);
      boolean all = s.openAllAndWait();
      int ready = s.loop.call(() -> s.pool.readyCount);
      s.log("%d/%d users ready", ready, n);
      Loop.sleep(o.settleSeconds);

      SplittableRandom rnd = new SplittableRandom(o.seed);
      long firstSeq = s.warmup(o.warmupMessages, o.rate, () -> rnd.nextInt(n), 1);
      s.publisher = s.loop.call(() -> new Publisher(s.loop, s.target, s.book, o.maxInFlight));
      s.publisher.nextSeq = firstSeq;
      s.serverStats("before");
      s.cpuStart();
      s.loop.run(() -> s.publisher.start(total, o.rate, () -> rnd.nextInt(n)));
      s.waitPublisher(o.seconds * 3 + 60);
      long acked = s.loop.call(() -> s.publisher.ok);
      s.drain(acked);
      s.cpuStop();
      s.serverStats("after");

      Object[] fig = s.loop.call(() -> new Object[] {s.book.tally(1), s.book.deliveries(), s.book.firstSendNanos(),
          s.book.lastDeliveryNanos(), s.book.duplicateDeliveries(), s.publisher.failed, s.publisher.callLatency.copy(),
          s.pool.endedByServer, s.publisher.behindTicks, s.publisher.doneNanos});
      MessageBook.Tally t = (MessageBook.Tally) fig[0];
      long deliveries = (Long) fig[1];
      r.metric("users", n);
      r.metric("connected", ready);
      r.metric("published", acked);
      r.metric("publishFailed", fig[5]);
      r.metric("publishesPerSecond", Stats.perSecond(acked, (Long) fig[9] - (Long) fig[2]));
      r.metric("deliveries", deliveries);
      r.metric("lost", t.missingDeliveries);
      r.metric("duplicates", Math.max(t.extraDeliveries, (Long) fig[4]));
      r.metric("misrouted", t.misrouted);
      long outOfOrder = s.loop.call(() -> s.pool.totalOutOfOrder());
      r.metric("outOfOrder", outOfOrder);
      r.metric("unknown", t.unknownDeliveries);
      r.metric("endedByServer", fig[7]);
      s.latencyInto(s.book.latency(), "latency");
      org.HdrHistogram.Histogram call = (org.HdrHistogram.Histogram) fig[6];
      r.metric("publishCallP50Ms", Stats.ms(call.getValueAtPercentile(50)));
      r.metric("publishCallP99Ms", Stats.ms(call.getValueAtPercentile(99)));
      if ((Long) fig[8] > 0) {
        r.notes.add(String.format(Locale.ROOT, "the publisher fell behind the rate in %d ticks (maxInFlight %d)", (Long) fig[8], o.maxInFlight));
      }
      r.timeline = s.book.timeline().ratePerSecond();
      r.timelineBucketMs = s.book.timeline().bucketMillis();
      boolean orderOk = Ordering.check(r, o, outOfOrder);
      r.complete = all && acked == total && t.complete() && (Long) fig[4] == 0 && (Long) fig[7] == 0 && orderOk;
      if (!r.complete) {
        r.notes.add("INCOMPLETE: lost, duplicated or misrouted deliveries, failed publishes or streams");
      }
      s.cpuPerDelivery(s.book.deliveries());
      s.finish();
      return r;
    }
  }
}
