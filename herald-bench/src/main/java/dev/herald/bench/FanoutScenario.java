package dev.herald.bench;

import java.util.Locale;

/**
 * fanout: N subscribers of a broadcast; publish M small notifications (at a rate, or as fast as
 * the server accepts with a bounded number in flight); deliveries per second from the first
 * publish to the last delivery, completeness (every subscriber got every message exactly once),
 * latency from publish-call start to receive.
 */
public final class FanoutScenario {
  private FanoutScenario() {
  }

  public static Result run(ScenarioOptions o) throws Exception {
    try (Session s = new Session("fanout", o)) {
      Result r = s.result;
      int n = o.streams;
      int m = o.messages;
      r.params.put("subscribers", n);
      r.params.put("messages", m);
      r.params.put("rate", o.rate > 0 ? o.rate : "max");
      r.params.put("warmupMessages", o.warmupMessages);
      r.params.put("maxInFlight", o.maxInFlight);
      s.prepareStreams(n, true);
      s.book = new MessageBook(m, n, 100);
      s.pool.listener = (st, key, now) -> s.book.delivered(st.index, key, now);
      boolean all = s.openAllAndWait();
      int ready = s.loop.call(() -> s.pool.readyCount);
      s.log("%d/%d subscribers ready", ready, n);
      Loop.sleep(o.settleSeconds);

      long firstSeq = s.warmup(o.warmupMessages, o.rate, () -> MessageBook.BROADCAST, ready);
      s.publisher = s.loop.call(() -> new Publisher(s.loop, s.target, s.book, o.maxInFlight));
      s.publisher.nextSeq = firstSeq;
      s.serverStats("before");
      s.cpuStart();
      s.loop.run(() -> s.publisher.start(m, o.rate, () -> MessageBook.BROADCAST));
      s.waitPublisher(600);
      long acked = s.loop.call(() -> s.publisher.ok);
      long expected = acked * ready;
      s.drain(expected);
      s.cpuStop();
      s.serverStats("after");

      Object[] fig = s.loop.call(() -> {
        MessageBook.Tally t = s.book.tally(ready);
        long incompleteStreams = 0;
        for (StreamConn sc : s.pool.streams) {
          if (sc.ready && (s.book.distinct(sc.index) != acked || s.book.streamDuplicates(sc.index) != 0)) {
            incompleteStreams++;
          }
        }
        return new Object[] {t, s.book.deliveries(), s.book.firstSendNanos(), s.book.lastDeliveryNanos(),
            s.book.duplicateDeliveries(), incompleteStreams, s.publisher.failed, s.publisher.callLatency.copy(),
            s.publisher.minRecipients, s.pool.endedByServer, s.pool.resets, s.publisher.doneNanos, s.publisher.behindTicks};
      });
      MessageBook.Tally t = (MessageBook.Tally) fig[0];
      long deliveries = (Long) fig[1];
      long span = (Long) fig[3] - (Long) fig[2];
      long streamDups = (Long) fig[4];
      long outOfOrder = s.loop.call(() -> s.pool.totalOutOfOrder());
      long incompleteStreams = (Long) fig[5];
      r.metric("subscribers", n);
      r.metric("connected", ready);
      r.metric("published", acked);
      r.metric("publishFailed", fig[6]);
      r.metric("expectedDeliveries", t.expectedDeliveries);
      r.metric("deliveries", deliveries);
      r.metric("missing", t.missingDeliveries);
      r.metric("duplicates", Math.max(t.extraDeliveries, streamDups));
      r.metric("unknown", t.unknownDeliveries);
      r.metric("incompleteStreams", incompleteStreams);
      r.metric("outOfOrder", outOfOrder);
      r.metric("endedByServer", fig[9]);
      r.metric("durationSeconds", span / 1e9);
      r.metric("deliveriesPerSecond", Stats.perSecond(deliveries, span));
      r.metric("publishesPerSecond", Stats.perSecond(acked, (Long) fig[11] - (Long) fig[2]));
      s.latencyInto(s.book.latency(), "latency");
      org.HdrHistogram.Histogram call = (org.HdrHistogram.Histogram) fig[7];
      r.metric("publishCallP50Ms", Stats.ms(call.getValueAtPercentile(50)));
      r.metric("publishCallP99Ms", Stats.ms(call.getValueAtPercentile(99)));
      if (o.rate > 0 && (Long) fig[12] > 0) {
        r.notes.add(String.format(Locale.ROOT, "the publisher fell behind the rate in %d ticks (maxInFlight %d)", (Long) fig[12], o.maxInFlight));
      }
      long minRecipients = (Long) fig[8];
      if (o.target == ScenarioOptions.TargetKind.HERALD && minRecipients != Long.MAX_VALUE) {
        r.metric("minRecipients", minRecipients);
        if (s.target.nodeCount() > 1) {
          // A cluster node's reply counts its own online users only (docs/cluster.md); delivery reaches every node.
          r.notes.add("minRecipients counts the accepting node's subscribers only (a cluster's broadcast reply)");
        } else if (minRecipients < ready) {
          r.notes.add("a broadcast reported fewer recipients (" + minRecipients + ") than connected subscribers (" + ready + ")");
        }
      }
      Long dropped = s.serverDelta("slowStreamsDropped");
      if (dropped != null) {
        r.metric("serverSlowStreamsDropped", dropped);
      }
      r.timeline = s.book.timeline().ratePerSecond();
      r.timelineBucketMs = s.book.timeline().bucketMillis();
      boolean orderOk = Ordering.check(r, o, outOfOrder);
      r.complete = all && acked == m && t.complete() && streamDups == 0 && incompleteStreams == 0 && (Long) fig[9] == 0 && orderOk;
      if (!r.complete) {
        r.notes.add("INCOMPLETE: a throughput with lost or duplicated deliveries is not a result");
      }
      s.cpuPerDelivery(s.book.deliveries());
      s.finish();
      return r;
    }
  }
}
