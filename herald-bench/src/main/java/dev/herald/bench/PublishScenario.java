package dev.herald.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * publish: the publish API's throughput. Keeps {@code concurrency} calls in flight (over a pool of
 * as many keep-alive HTTP/1.1 connections) for a warm-up and then a measured interval, each call a
 * single notification ({@code POST /v1/notifications}) or, with {@code batch} above 1, that many in
 * one {@code POST /v1/notifications/batch}, each to a random user. Reports the notifications
 * acknowledged per second (items, not calls) by replies that arrived in the measured interval,
 * calls per second, per-call latency, errors by status, and CPU per acknowledged notification.
 * Acknowledged: Herald answered 202 naming an id for every notification of the call; Nchan answered
 * 2xx. With {@code subscribers} above 0, those users' streams are opened first, the notifications go
 * to them only, and every acknowledged one (warm-up and the calls still in flight at the end
 * included) must arrive exactly once on its user's stream.
 */
public final class PublishScenario {
  private PublishScenario() {
  }

  /** Throws IllegalArgumentException when the options make no publish run (e.g. a batch to Nchan). */
  public static void validate(ScenarioOptions o) {
    if (o.batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1");
    }
    if (o.batch > 1 && o.target == ScenarioOptions.TargetKind.NCHAN) {
      throw new IllegalArgumentException(o.target.id() + " has no batch publish: --batch must be 1");
    }
    if (o.concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1");
    }
    if (!(o.seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be above 0");
    }
    if (!(o.warmupSeconds >= 0)) {
      throw new IllegalArgumentException("--warmup-seconds must be 0 or more");
    }
    if (o.subscribers < 0) {
      throw new IllegalArgumentException("--subscribers must be 0 or more");
    }
    if (o.subscribers == 0 && o.users < 1) {
      throw new IllegalArgumentException("--users must be at least 1");
    }
  }

  /** What the run asked for, in words, for the notes: single or batched posts, and where. */
  static String mode(ScenarioOptions o) {
    String conns = String.format(Locale.ROOT, "%d calls in flight over up to %d keep-alive connections", o.concurrency, o.concurrency);
    if (o.batch > 1) {
      return String.format(Locale.ROOT, "batched JSON posts: %d notifications per POST /v1/notifications/batch, %s", o.batch, conns);
    }
    String path = o.target == ScenarioOptions.TargetKind.NCHAN ? "POST /pub/<user>" : "POST /v1/notifications";
    return "concurrent single posts: " + path + ", " + conns;
  }

  public static Result run(ScenarioOptions o) throws Exception {
    validate(o);
    try (Session s = new Session("publish", o)) {
      Result r = s.result;
      final int k = o.subscribers;
      final int range = k > 0 ? k : o.users;
      r.params.put("mode", o.batch > 1 ? "batch" : "single");
      r.params.put("batch", o.batch);
      r.params.put("concurrency", o.concurrency);
      r.params.put("users", range);
      r.params.put("subscribers", k);
      r.params.put("seconds", o.seconds);
      r.params.put("warmupSeconds", o.warmupSeconds);
      r.params.put("seed", o.seed);

      boolean all = true;
      int ready = 0;
      if (k > 0) {
        s.prepareStreams(k, false);
        s.book = new MessageBook(1 << 16, k, 100);
        s.pool.listener = (st, key, now) -> s.book.delivered(st.index, key, now);
        all = s.openAllAndWait();
        ready = s.loop.call(() -> s.pool.readyCount);
        s.log("%d/%d subscribers ready", ready, k);
        Loop.sleep(o.settleSeconds);
      }

      SplittableRandom rnd = new SplittableRandom(o.seed);
      AckWindow w = new AckWindow();
      s.publisher = s.loop.call(() -> {
        Publisher p = new Publisher(s.loop, s.target, s.book, o.concurrency);
        p.batch = o.batch;
        p.window = w;
        return p;
      });
      s.serverStats("before");
      s.log("%s; to %d users; warm-up %.1f s, then %.1f s measured", mode(o), range, o.warmupSeconds, o.seconds);
      s.loop.run(() -> s.publisher.start(Long.MAX_VALUE, 0, () -> rnd.nextInt(range)));
      phase(s, w, o.warmupSeconds, "warm-up");
      // The measured window and the CPU window open and close together, on the loop, by its timer.
      s.loop.run(() -> {
        w.start(System.nanoTime());
        s.cpuStart();
        s.loop.vertx.setTimer(Math.max(1, Math.round(o.seconds * 1000)), id -> {
          w.end(System.nanoTime());
          s.cpuStop();
          s.publisher.stop();
        });
      });
      phase(s, w, o.seconds, "measured");
      while (s.loop.call(w::measuring)) {
        Loop.sleep(0.005);
      }
      s.waitPublisher(30 + o.drainTimeoutSeconds);
      long ackedTotal = s.loop.call(() -> s.publisher.ok);
      boolean drained = k == 0 || s.drain(ackedTotal);
      s.serverStats("after");

      Figures f = s.loop.call(() -> {
        Figures x = new Figures();
        x.items = w.windowItems;
        x.requests = w.windowRequests;
        x.windowNanos = w.windowNanos();
        x.itemsPerSecond = w.itemsPerSecond();
        x.requestsPerSecond = w.requestsPerSecond();
        x.call = w.callLatency.copy();
        x.timeline = w.ratePerSecond();
        x.okItems = w.okItems;
        x.failedRequests = w.failedRequests;
        x.failedItems = w.failedItems;
        x.errors = new LinkedHashMap<>(w.errorsByStatus);
        x.unanswered = s.publisher.inFlight;
        if (k > 0) {
          x.tally = s.book.tally(1);
          x.deliveries = s.book.deliveries();
          x.streamDups = s.book.duplicateDeliveries();
          x.endedByServer = s.pool.endedByServer;
          x.outOfOrder = s.pool.totalOutOfOrder();
          x.delivery = s.book.latency().copy();
        }
        return x;
      });

      r.metric("acknowledgedPerSecond", f.itemsPerSecond);
      r.metric("requestsPerSecond", f.requestsPerSecond);
      r.metric("acknowledged", f.items);
      r.metric("requests", f.requests);
      r.metric("measuredSeconds", f.windowNanos / 1e9);
      s.latencyInto(f.call, "callLatency");
      r.metric("acknowledgedTotal", f.okItems);
      r.metric("failedRequests", f.failedRequests);
      r.metric("failedNotifications", f.failedItems);
      for (Map.Entry<String, Long> e : f.errors.entrySet()) {
        r.metric("errors" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1), e.getValue());
      }
      r.metric("unanswered", f.unanswered);
      boolean deliveriesOk = true;
      if (k > 0) {
        MessageBook.Tally t = f.tally;
        r.metric("subscribers", k);
        r.metric("connected", ready);
        r.metric("deliveries", f.deliveries);
        r.metric("lost", t.missingDeliveries);
        r.metric("duplicates", Math.max(t.extraDeliveries, f.streamDups));
        r.metric("misrouted", t.misrouted);
        r.metric("unknown", t.unknownDeliveries);
        r.metric("outOfOrder", f.outOfOrder);
        r.metric("endedByServer", f.endedByServer);
        if (f.delivery.getTotalCount() > 0) {
          r.metric("deliveryLatencyP50Ms", Stats.ms(f.delivery.getValueAtPercentile(50)));
          r.metric("deliveryLatencyP99Ms", Stats.ms(f.delivery.getValueAtPercentile(99)));
        }
        boolean orderOk = Ordering.check(r, o, f.outOfOrder);
        deliveriesOk = all && drained && t.complete() && f.streamDups == 0 && f.endedByServer == 0 && orderOk;
      }
      Long published = s.serverDelta("published");
      if (published != null) {
        r.metric("serverPublished", published);
        if (published != f.okItems) {
          r.notes.add(String.format(Locale.ROOT, "the hub's published counter moved by %d while the bench had %d "
              + "notifications acknowledged (other publishers on the hub?)", published, f.okItems));
        }
      }

      r.notes.add(mode(o));
      if (o.target == ScenarioOptions.TargetKind.NCHAN) {
        r.notes.add("Nchan keeps messages in memory only (not durable): a reference, not like for like with a durable store");
      } else {
        r.notes.add("Herald answers 202 once the notification is in its durable store (SQLite or PostgreSQL)");
      }
      if (f.unanswered > 0) {
        r.notes.add(f.unanswered + " calls were still unanswered when the bench gave up waiting");
      }
      r.timeline = f.timeline;
      r.timelineBucketMs = 1000;
      r.timelineLabel = "acknowledged/s";
      r.complete = f.failedRequests == 0 && f.unanswered == 0 && f.items > 0 && deliveriesOk;
      if (f.items == 0) {
        r.notes.add("no notification was acknowledged in the measured interval");
      }
      if (!r.complete) {
        r.notes.add("INCOMPLETE: failed or unanswered publishes"
            + (k > 0 ? ", or lost, duplicated or misrouted deliveries, or streams that failed" : ""));
      }
      s.cpuPer("Notification", f.items);
      s.finish();
      return r;
    }
  }

  /** What the run measured, read on the loop. */
  private static final class Figures {
    long items;
    long requests;
    long windowNanos;
    double itemsPerSecond;
    double requestsPerSecond;
    Histogram call;
    double[] timeline;
    long okItems;
    long failedRequests;
    long failedItems;
    Map<String, Long> errors;
    long unanswered;
    MessageBook.Tally tally;
    long deliveries;
    long streamDups;
    long endedByServer;
    long outOfOrder;
    Histogram delivery;
  }

  /** Lets the publisher run for this long, with a progress line every second. */
  private static void phase(Session s, AckWindow w, double seconds, String what) {
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    long nextLog = t0 + 1_000_000_000L;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      if (now >= nextLog) {
        long[] st = s.loop.call(() -> new long[] {w.okItems, w.windowItems, w.failedRequests, s.publisher.inFlight});
        s.log("%s %.0f/%.0f s: acknowledged %d (in the measured interval %d), failed calls %d, in flight %d",
            what, (now - t0) / 1e9, seconds, st[0], st[1], st[2], st[3]);
        nextLog += 1_000_000_000L;
      }
      LockSupport.parkNanos(Math.min(end, nextLog) - now);
    }
  }
}
