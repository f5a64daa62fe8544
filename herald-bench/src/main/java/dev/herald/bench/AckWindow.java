package dev.herald.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The publish scenario's accounting: every request's outcome over the whole run (warm-up and the
 * calls still in flight at the end included: they count for completeness), and, between
 * {@link #start} and {@link #end}, the measured window: requests and notifications acknowledged
 * (by replies that arrived in the window), per-request call latency, acknowledged notifications
 * per second in 1 s buckets. Single-threaded: the bench's event loop.
 */
final class AckWindow {
  /** Errors by kind: "http503" (a reply with another status), "badReply" (the status was right, the ids were not), "io". */
  final Map<String, Long> errorsByStatus = new LinkedHashMap<>();
  long okRequests;
  long okItems;
  long failedRequests;
  long failedItems;

  private boolean measuring;
  private long startNanos;
  private long endNanos;
  long windowRequests;
  long windowItems;
  final Histogram callLatency = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
  final Timeline timeline = new Timeline(1000);

  /** The measured window starts (replies from now on count). */
  void start(long nowNanos) {
    measuring = true;
    startNanos = nowNanos;
    timeline.start(nowNanos);
  }

  /** The measured window ends (later replies count for completeness only). */
  void end(long nowNanos) {
    if (measuring) {
      measuring = false;
      endNanos = nowNanos;
    }
  }

  boolean measuring() {
    return measuring;
  }

  /** A request whose items were all acknowledged: started at t0, answered at t1. */
  void ok(int items, long t0, long t1) {
    okRequests++;
    okItems += items;
    if (measuring) {
      windowRequests++;
      windowItems += items;
      callLatency.recordValue(Math.min(MessageBook.MAX_LATENCY_MICROS, Math.max(0, (t1 - t0) / 1000)));
      timeline.add(t1, items);
    }
  }

  /** A request that failed: kind from {@link #httpKind}, "badReply" or "io". */
  void failed(String kind, int items) {
    failedRequests++;
    failedItems += items;
    errorsByStatus.merge(kind, 1L, Long::sum);
  }

  static String httpKind(int status) {
    return "http" + status;
  }

  /** The measured window's length (0 before it ended). */
  long windowNanos() {
    return measuring ? 0 : Math.max(0, endNanos - startNanos);
  }

  double itemsPerSecond() {
    return Stats.perSecond(windowItems, windowNanos());
  }

  double requestsPerSecond() {
    return Stats.perSecond(windowRequests, windowNanos());
  }

  /** Acknowledged notifications per second in each 1 s bucket of the window (the last one may be shorter). */
  double[] ratePerSecond() {
    return timeline.ratePerSecond(windowNanos());
  }
}
