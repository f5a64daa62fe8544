package dev.herald.bench;

import java.util.Arrays;

/** Event counts in fixed time buckets from a start time (deliveries over time, connects over time). */
public final class Timeline {
  private final long bucketNanos;
  private long startNanos;
  private boolean started;
  private int[] counts = new int[64];
  private int used;

  public Timeline(long bucketMillis) {
    this.bucketNanos = bucketMillis * 1_000_000L;
  }

  public void start(long nanos) {
    startNanos = nanos;
    started = true;
  }

  public boolean started() {
    return started;
  }

  public void add(long nanos) {
    add(nanos, 1);
  }

  public void add(long nanos, int n) {
    if (!started) {
      start(nanos);
    }
    long b = (nanos - startNanos) / bucketNanos;
    if (b < 0) {
      b = 0;
    }
    if (b > 10_000_000) {
      return;
    }
    int i = (int) b;
    if (i >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(counts.length * 2, i + 1));
    }
    counts[i] += n;
    if (i + 1 > used) {
      used = i + 1;
    }
  }

  public long bucketMillis() {
    return bucketNanos / 1_000_000L;
  }

  /** Counts per bucket, up to the last non-empty one. */
  public int[] counts() {
    return Arrays.copyOf(counts, used);
  }

  /**
   * Events per second in each bucket of an interval of spanNanos from the start: empty buckets
   * included, the last (partial) bucket divided by the part of it the interval covers.
   */
  public double[] ratePerSecond(long spanNanos) {
    if (spanNanos <= 0) {
      return new double[0];
    }
    int n = (int) Math.min(10_000_000, (spanNanos + bucketNanos - 1) / bucketNanos);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      long covered = Math.min(bucketNanos, spanNanos - (long) i * bucketNanos);
      r[i] = i < used ? counts[i] * 1e9 / covered : 0;
    }
    return r;
  }

  /** Events per second in each bucket. */
  public double[] ratePerSecond() {
    double f = 1e9 / bucketNanos;
    double[] r = new double[used];
    for (int i = 0; i < used; i++) {
      r[i] = counts[i] * f;
    }
    return r;
  }
}
