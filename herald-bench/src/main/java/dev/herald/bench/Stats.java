package dev.herald.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result math: rates, per-stream figures, medians, ratios, percentiles. */
public final class Stats {
  private Stats() {
  }

  /** Events per second over an interval in nanoseconds; 0 for an empty interval. */
  public static double perSecond(long events, long nanos) {
    return nanos <= 0 ? 0 : events * 1e9 / nanos;
  }

  /** (after − before) / n, the bytes each of n streams costs; NaN when n is 0 or a reading is missing. */
  public static double perStream(long before, long after, long n) {
    if (n <= 0 || before < 0 || after < 0) {
      return Double.NaN;
    }
    return (double) (after - before) / n;
  }

  /** CPU use in percent of one core: cpu seconds over wall seconds. */
  public static double cpuPercent(double cpuSeconds, double wallSeconds) {
    return wallSeconds <= 0 ? Double.NaN : 100.0 * cpuSeconds / wallSeconds;
  }

  /** The median (the mean of the middle two for an even count); NaN when empty. NaNs are ignored. */
  public static double median(double... values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
  }

  /** a / b, NaN when b is 0 or either is NaN. */
  public static double ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return Double.NaN;
    }
    return a / b;
  }

  /** Microseconds to milliseconds. */
  public static double ms(long micros) {
    return micros / 1000.0;
  }

  /** The standard latency summary of a µs histogram, in ms: count, p50, p90, p99, p99.9, max, mean. */
  public static Map<String, Object> latencySummary(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return m;
    }
    m.put("p50Ms", ms(h.getValueAtPercentile(50)));
    m.put("p90Ms", ms(h.getValueAtPercentile(90)));
    m.put("p99Ms", ms(h.getValueAtPercentile(99)));
    m.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
    m.put("maxMs", ms(h.getMaxValue()));
    m.put("meanMs", h.getMean() / 1000.0);
    return m;
  }

  /**
   * Points [percentile, ms] of the latency distribution for a chart, from the histogram's percentile
   * iteration (5 ticks per half-distance), at most about 100 points.
   */
  public static List<double[]> latencyCurve(Histogram h) {
    List<double[]> pts = new ArrayList<>();
    if (h.getTotalCount() == 0) {
      return pts;
    }
    for (HistogramIterationValue v : h.percentiles(5)) {
      double p = v.getPercentileLevelIteratedTo();
      pts.add(new double[] {p, ms(v.getValueIteratedTo())});
      if (p >= 99.999 || pts.size() > 120) {
        break;
      }
    }
    return pts;
  }
}
