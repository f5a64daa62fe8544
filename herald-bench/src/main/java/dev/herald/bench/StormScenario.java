package dev.herald.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * storm: N streams get a broadcast at R/s; after a while every stream drops at once (the client
 * closes its connections, as in a network blip) and reconnects with its Last-Event-ID while
 * publishing continues. Reports the time until all are reconnected, the time until all have
 * resumed (received everything acknowledged before their reconnect), items lost (must be 0) and
 * duplicates.
 */
public final class StormScenario {
  private StormScenario() {
  }

  public static Result run(ScenarioOptions o) throws Exception {
    double rate = o.rate > 0 ? o.rate : 20;
    try (Session s = new Session("storm", o)) {
      Result r = s.result;
      int n = o.streams;
      long total = Math.max(1, Math.round(rate * (o.preDropSeconds + o.seconds)));
      r.params.put("streams", n);
      r.params.put("publishRate", rate);
      r.params.put("preDropSeconds", o.preDropSeconds);
      r.params.put("seconds", o.seconds);
      r.params.put("reconnectDelayMs", o.reconnectDelayMs);
      s.prepareStreams(n, true);
      s.book = new MessageBook((int) total, n, 100);
      s.pool.listener = (st, key, now) -> {
        s.book.delivered(st.index, key, now);
        if (st.awaitingResume && key >= st.resumeTargetKey) {
          st.awaitingResume = false;
          st.resumedNanos = now;
        }
      };
      s.pool.onReconnected = st -> {
        long target = s.book.maxAckedKey();
        st.resumeTargetKey = target;
        if (st.lastKey >= target) {
          st.awaitingResume = false;
          st.resumedNanos = st.reconnectedNanos;
        }
      };
      boolean all = s.openAllAndWait();
      int ready = s.loop.call(() -> s.pool.readyCount);
      s.log("%d/%d streams ready", ready, n);
      Loop.sleep(o.settleSeconds);
      s.loop.run(() -> s.pool.autoReconnect = true);

      s.publisher = s.loop.call(() -> new Publisher(s.loop, s.target, s.book, o.maxInFlight));
      s.serverStats("before");
      s.cpuStart();
      s.loop.run(() -> s.publisher.start(total, rate, () -> MessageBook.BROADCAST));
      Loop.sleep(o.preDropSeconds);

      long dropNanos = s.loop.call(() -> {
        long now = System.nanoTime();
        int dropped = s.pool.dropAll();
        for (StreamConn st : s.pool.streams) {
          st.awaitingResume = true;
          st.resumeTargetKey = Long.MAX_VALUE;
          st.resumedNanos = 0;
          st.reconnectedNanos = 0;
          s.pool.open(st, st.scanner.lastEventId(), o.reconnectDelayMs);
        }
        s.log("dropped %d streams; reconnecting with Last-Event-ID", dropped);
        return now;
      });
      boolean reconnected = s.waitReady(n, o.connectTimeoutSeconds, "reconnected");
      s.waitPublisher(o.seconds * 3 + 60);
      long acked = s.loop.call(() -> s.publisher.ok);
      s.drain(acked * n);
      s.cpuStop();
      s.serverStats("after");

      long[] incompleteBox = new long[1];
      long[] outOfOrderBox = new long[1];
      Object[] fig = s.loop.call(() -> {
        Histogram reconnect = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
        Histogram resume = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
        long lastReconnect = 0;
        long lastResume = 0;
        long notResumed = 0;
        for (StreamConn st : s.pool.streams) {
          if (st.reconnectedNanos > 0) {
            reconnect.recordValue(Math.max(0, Math.min(MessageBook.MAX_LATENCY_MICROS, (st.reconnectedNanos - dropNanos) / 1000)));
            lastReconnect = Math.max(lastReconnect, st.reconnectedNanos);
          }
          if (st.awaitingResume || st.resumedNanos == 0) {
            notResumed++;
          } else {
            resume.recordValue(Math.max(0, Math.min(MessageBook.MAX_LATENCY_MICROS, (st.resumedNanos - dropNanos) / 1000)));
            lastResume = Math.max(lastResume, st.resumedNanos);
          }
        }
        long incomplete = 0;
        long ackedNow = s.publisher.ok;
        for (StreamConn st : s.pool.streams) {
          if (s.book.distinct(st.index) != ackedNow || s.book.streamDuplicates(st.index) != 0) {
            incomplete++;
          }
        }
        incompleteBox[0] = incomplete;
        outOfOrderBox[0] = s.pool.totalOutOfOrder();
        return new Object[] {s.book.tally(n), s.book.deliveries(), s.book.duplicateDeliveries(), reconnect, resume,
            lastReconnect, lastResume, notResumed, s.pool.endedByServer, s.pool.failedConnects, s.pool.resets,
            s.publisher.failed, s.publisher.behindTicks};
      });
      MessageBook.Tally t = (MessageBook.Tally) fig[0];
      Histogram reconnect = (Histogram) fig[3];
      Histogram resume = (Histogram) fig[4];
      long lastReconnect = (Long) fig[5];
      long lastResume = (Long) fig[6];
      long notResumed = (Long) fig[7];
      r.metric("streams", n);
      r.metric("connected", ready);
      r.metric("published", acked);
      r.metric("publishFailed", fig[11]);
      r.metric("expectedDeliveries", t.expectedDeliveries);
      r.metric("deliveries", fig[1]);
      r.metric("lost", t.missingDeliveries);
      r.metric("duplicates", Math.max(t.extraDeliveries, (Long) fig[2]));
      r.metric("unknown", t.unknownDeliveries);
      r.metric("resets", fig[10]);
      r.metric("incompleteStreams", incompleteBox[0]);
      r.metric("outOfOrder", outOfOrderBox[0]);
      r.metric("reconnectAllSeconds", lastReconnect > 0 ? (lastReconnect - dropNanos) / 1e9 : Double.NaN);
      r.metric("reconnectP50Ms", Stats.ms(reconnect.getValueAtPercentile(50)));
      r.metric("reconnectP99Ms", Stats.ms(reconnect.getValueAtPercentile(99)));
      r.metric("resumeAllSeconds", notResumed == 0 && lastResume > 0 ? (lastResume - dropNanos) / 1e9 : Double.NaN);
      r.metric("resumeP50Ms", Stats.ms(resume.getValueAtPercentile(50)));
      r.metric("resumeP99Ms", Stats.ms(resume.getValueAtPercentile(99)));
      r.metric("notResumed", notResumed);
      r.metric("failedConnects", fig[9]);
      r.metric("endedByServer", fig[8]);
      s.latencyInto(s.book.latency(), "latency");
      Long replayed = s.serverDelta("replayed");
      if (replayed != null) {
        r.metric("serverReplayed", replayed);
      }
      Long overflows = s.serverDelta("replayOverflows");
      if (overflows != null) {
        r.metric("serverReplayOverflows", overflows);
      }
      if ((Long) fig[12] > 0) {
        r.notes.add(String.format(Locale.ROOT, "the publisher fell behind the rate in %d ticks", (Long) fig[12]));
      }
      r.timeline = s.book.timeline().ratePerSecond();
      r.timelineBucketMs = s.book.timeline().bucketMillis();
      boolean orderOk = Ordering.check(r, o, outOfOrderBox[0]);
      r.complete = all && reconnected && t.complete() && (Long) fig[2] == 0 && notResumed == 0 && (Long) fig[10] == 0
          && incompleteBox[0] == 0 && orderOk;
      if (!r.complete) {
        r.notes.add("INCOMPLETE: items lost or duplicated, resets, or streams that did not resume");
      }
      s.cpuPerDelivery(s.book.deliveries());
      s.finish();
      return r;
    }
  }
}
