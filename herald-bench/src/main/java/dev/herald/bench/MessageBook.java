package dev.herald.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * What was published and what arrived, keyed by the message key (Herald: the id's sequence number;
 * Nchan: the sequence number in the body). Records per message the publish-call start time, the
 * target stream, the receive count, and per delivery the latency into an HdrHistogram (µs). A
 * delivery that arrives before its publish reply (Herald answers after the fan-out started) is kept
 * pending and measured when the reply names its key. Single-threaded: the bench's event loop.
 */
public final class MessageBook {
  public static final int BROADCAST = -1;
  private static final int UNSET = -2;
  /** Highest trackable latency: 10 minutes, in µs. */
  static final long MAX_LATENCY_MICROS = 600_000_000L;

  private final LongIntMap index;
  private long[] keys;
  private long[] sendNanos;
  private int[] target;
  private int[] recv;
  private int[] firstReceiver;
  private boolean[] acked;
  private long[][] pending;
  private int[] pendingLen;
  private int size;

  /** Per stream: which message slots it received (exactly-once check, whatever the order). */
  private final java.util.BitSet[] seen;
  private final int[] distinct;
  private final int[] streamDups;
  private long duplicateDeliveries;

  private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
  private final Timeline timeline;
  private long firstSendNanos;
  private long lastDeliveryNanos;
  private long deliveries;
  private long acks;
  private long maxAckedKey = -1;

  public MessageBook(int expectedMessages, long bucketMillis) {
    this(expectedMessages, 0, bucketMillis);
  }

  /** A book for up to {@code streams} streams (stream indexes 0..streams-1 are checked for exactly-once). */
  public MessageBook(int expectedMessages, int streams, long bucketMillis) {
    seen = new java.util.BitSet[streams];
    distinct = new int[streams];
    streamDups = new int[streams];
    int cap = Math.max(16, expectedMessages);
    index = new LongIntMap(cap);
    keys = new long[cap];
    sendNanos = new long[cap];
    target = new int[cap];
    recv = new int[cap];
    firstReceiver = new int[cap];
    acked = new boolean[cap];
    pending = new long[cap][];
    pendingLen = new int[cap];
    timeline = new Timeline(bucketMillis);
  }

  private int slot(long key) {
    int idx = index.get(key);
    if (idx >= 0) {
      return idx;
    }
    idx = size++;
    if (idx >= keys.length) {
      int n = keys.length * 2;
      keys = Arrays.copyOf(keys, n);
      sendNanos = Arrays.copyOf(sendNanos, n);
      target = Arrays.copyOf(target, n);
      recv = Arrays.copyOf(recv, n);
      firstReceiver = Arrays.copyOf(firstReceiver, n);
      acked = Arrays.copyOf(acked, n);
      pending = Arrays.copyOf(pending, n);
      pendingLen = Arrays.copyOf(pendingLen, n);
    }
    keys[idx] = key;
    sendNanos[idx] = 0;
    target[idx] = UNSET;
    recv[idx] = 0;
    firstReceiver[idx] = -1;
    index.put(key, idx);
    return idx;
  }

  /** Marks the start of the measured interval (the first publish call) for rates and the timeline. */
  public void startClock(long nanos) {
    if (firstSendNanos == 0) {
      firstSendNanos = nanos;
      timeline.start(nanos);
    }
  }

  /**
   * Records that the message with this key was published with the call started at sendNanos, for
   * stream {@code targetStream} or {@link #BROADCAST}. Deliveries that arrived before are measured now.
   */
  public void sent(long key, long sendNanosValue, int targetStream) {
    startClock(sendNanosValue);
    int idx = slot(key);
    sendNanos[idx] = sendNanosValue;
    target[idx] = targetStream;
    long[] p = pending[idx];
    if (p != null) {
      for (int i = 0; i < pendingLen[idx]; i++) {
        recordLatency(p[i] - sendNanosValue);
      }
      pending[idx] = null;
      pendingLen[idx] = 0;
    }
  }

  /** The publish of this key was answered with success. */
  public void acked(long key) {
    int idx = slot(key);
    if (!acked[idx]) {
      acked[idx] = true;
      acks++;
    }
    if (key > maxAckedKey) {
      maxAckedKey = key;
    }
  }

  /** One delivery of the message with this key to stream {@code stream}, received at nowNanos. */
  public void delivered(int stream, long key, long nowNanos) {
    deliveries++;
    lastDeliveryNanos = nowNanos;
    timeline.add(nowNanos);
    int idx = slot(key);
    if (recv[idx]++ == 0) {
      firstReceiver[idx] = stream;
    }
    if (stream >= 0 && stream < seen.length) {
      java.util.BitSet b = seen[stream];
      if (b == null) {
        b = seen[stream] = new java.util.BitSet(Math.max(64, keys.length));
      }
      if (b.get(idx)) {
        streamDups[stream]++;
        duplicateDeliveries++;
      } else {
        b.set(idx);
        distinct[stream]++;
      }
    }
    long st = sendNanos[idx];
    if (st != 0) {
      recordLatency(nowNanos - st);
    } else {
      long[] p = pending[idx];
      if (p == null) {
        p = pending[idx] = new long[16];
      } else if (pendingLen[idx] == p.length) {
        p = pending[idx] = Arrays.copyOf(p, p.length * 2);
      }
      p[pendingLen[idx]++] = nowNanos;
    }
  }

  private void recordLatency(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    latency.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
  }

  /** Deliveries of a message to a stream that already had it. */
  public long duplicateDeliveries() {
    return duplicateDeliveries;
  }

  /** Distinct messages the stream received. */
  public int distinct(int stream) {
    return stream < distinct.length ? distinct[stream] : 0;
  }

  /** Duplicate deliveries to the stream. */
  public int streamDuplicates(int stream) {
    return stream < streamDups.length ? streamDups[stream] : 0;
  }

  public Histogram latency() {
    return latency;
  }

  public Timeline timeline() {
    return timeline;
  }

  public long deliveries() {
    return deliveries;
  }

  public long acks() {
    return acks;
  }

  public long maxAckedKey() {
    return maxAckedKey;
  }

  public long firstSendNanos() {
    return firstSendNanos;
  }

  public long lastDeliveryNanos() {
    return lastDeliveryNanos;
  }

  /** Summary of the deliveries against what was acknowledged. */
  public Tally tally(int expectedPerBroadcast) {
    Tally t = new Tally();
    for (int i = 0; i < size; i++) {
      boolean known = sendNanos[i] != 0 && acked[i];
      if (!known) {
        t.unknownDeliveries += recv[i];
        continue;
      }
      t.messages++;
      int expected = target[i] == BROADCAST ? expectedPerBroadcast : 1;
      t.expectedDeliveries += expected;
      int got = recv[i];
      if (got < expected) {
        t.missingDeliveries += expected - got;
        if (got == 0) {
          t.messagesNeverDelivered++;
        }
      } else if (got > expected) {
        t.extraDeliveries += got - expected;
      }
      if (target[i] >= 0 && got > 0 && firstReceiver[i] != target[i]) {
        t.misrouted++;
      }
    }
    return t;
  }

  /** Completeness of the deliveries per message. */
  public static final class Tally {
    /** Acknowledged publishes the book saw. */
    public long messages;
    public long expectedDeliveries;
    public long missingDeliveries;
    public long extraDeliveries;
    public long messagesNeverDelivered;
    /** Deliveries of keys the bench never published (or whose publish failed). */
    public long unknownDeliveries;
    /** Unicast messages that arrived at a stream other than their target's. */
    public long misrouted;

    public boolean complete() {
      return missingDeliveries == 0 && extraDeliveries == 0 && unknownDeliveries == 0 && misrouted == 0;
    }
  }
}
