package dev.herald.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Publishes on the bench's event loop: {@code total} messages (or for {@code seconds}) at
 * {@code rate} per second, or as fast as the server answers with at most {@code maxInFlight}
 * calls in flight when the rate is 0. The send time of each message is taken just before its call
 * starts and handed to the {@link MessageBook} (none when nobody checks deliveries: the publish
 * scenario without subscribers). With {@link #batch} above 1, each call carries that many
 * notifications ({@link TargetAdapter#publishBatchRequest}); {@link #window} counts them.
 */
final class Publisher {
  private final Loop loop;
  private final TargetAdapter target;
  private final MessageBook book;
  private final HttpClientAgent client;
  private final int maxInFlight;

  private long total;
  private double rate;
  private IntSupplier picker;
  private long startNanos;
  private long timerId = -1;
  private boolean stopped;

  long nextSeq = 1;
  /** Notifications per call (1: the single endpoint). */
  int batch = 1;
  /** The publish scenario's accounting, or null. */
  AckWindow window;
  int inFlight;
  /** Notifications sent (in calls started). */
  long sent;
  /** Calls started. */
  long requests;
  /** Notifications acknowledged; failed counts calls. */
  long ok;
  long failed;
  /** Ticks when the rate wanted a publish but maxInFlight calls were already out. */
  long behindTicks;
  long lastRecipients = -1;
  long minRecipients = Long.MAX_VALUE;
  long doneNanos;
  final Histogram callLatency = new Histogram(MessageBook.MAX_LATENCY_MICROS, 3);
  final Map<String, Integer> errors = new LinkedHashMap<>();

  Publisher(Loop loop, TargetAdapter target, MessageBook book, int maxInFlight) {
    this.loop = loop;
    this.target = target;
    this.book = book;
    this.maxInFlight = Math.max(1, maxInFlight);
    HttpClientOptions opts = new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0)
        .setConnectTimeout(10_000).setTcpNoDelay(true);
    client = loop.vertx.httpClientBuilder().with(opts)
        .with(new PoolOptions().setHttp1MaxSize(this.maxInFlight).setMaxWaitQueueSize(-1)).build();
  }

  /** Starts publishing (on the loop). picker gives the target stream, or BROADCAST. */
  void start(long totalMessages, double ratePerSecond, IntSupplier targetPicker) {
    this.total = totalMessages;
    this.rate = ratePerSecond;
    this.picker = targetPicker;
    this.startNanos = System.nanoTime();
    if (rate > 0) {
      timerId = loop.vertx.setPeriodic(1, id -> tick());
      tick();
    } else {
      fill();
    }
  }

  /** Stops sending new messages (calls in flight complete). */
  void stop() {
    stopped = true;
    if (timerId >= 0) {
      loop.vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  boolean finished() {
    return (stopped || sent >= total) && inFlight == 0;
  }

  private void tick() {
    if (stopped || sent >= total) {
      if (timerId >= 0) {
        loop.vertx.cancelTimer(timerId);
        timerId = -1;
      }
      return;
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    long due = Math.min(total, (long) (rate * elapsed) + 1);
    while (sent < due && inFlight < maxInFlight) {
      publishOne();
    }
    if (sent < due) {
      behindTicks++;
    }
  }

  private void fill() {
    while (!stopped && sent < total && inFlight < maxInFlight) {
      publishOne();
    }
  }

  private void noteError(String e) {
    if (errors.size() < 20 || errors.containsKey(e)) {
      errors.merge(e, 1, Integer::sum);
    }
  }

  private void publishOne() {
    if (batch > 1) {
      publishBatch();
      return;
    }
    final int stream = picker.getAsInt();
    final long seq = nextSeq++;
    Buffer body = target.publishBody(stream, seq);
    RequestOptions ro = target.publishRequest(stream);
    sent++;
    requests++;
    inFlight++;
    final long t0 = System.nanoTime();
    if (book != null) {
      if (target.keyBeforeSend()) {
        book.sent(seq, t0, stream);
      } else {
        book.startClock(t0);
      }
    }
    client.request(ro)
        .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> {
          int status = resp.statusCode();
          return new Object[] {status, b};
        })))
        .onComplete(ar -> {
          inFlight--;
          long t1 = System.nanoTime();
          if (ar.failed()) {
            failedCall(ar.cause(), 1);
          } else {
            int status = (Integer) ar.result()[0];
            Buffer b = (Buffer) ar.result()[1];
            boolean acknowledged = target.acknowledged(status);
            long key = acknowledged ? target.keyFromReply(b, seq) : -1;
            if (key < 0) {
              failedReply(status, acknowledged, b, 1);
            } else {
              ok++;
              callLatency.recordValue(Math.min(MessageBook.MAX_LATENCY_MICROS, Math.max(0, (t1 - t0) / 1000)));
              if (window != null) {
                window.ok(1, t0, t1);
              }
              if (book != null) {
                if (!target.keyBeforeSend()) {
                  book.sent(key, t0, stream);
                }
                book.acked(key);
              }
              if (stream < 0 && target instanceof TargetAdapter.Herald) {
                long r = TargetAdapter.Herald.parseRecipients(b.toString(StandardCharsets.UTF_8));
                lastRecipients = r;
                minRecipients = Math.min(minRecipients, r);
              }
            }
          }
          if (finished()) {
            doneNanos = t1;
          } else if (rate <= 0) {
            fill();
          }
        });
  }

  /** One call with {@link #batch} notifications to picked streams ({@link TargetAdapter#publishBatchRequest}). */
  private void publishBatch() {
    final int n = batch;
    final int[] streams = new int[n];
    final long[] seqs = new long[n];
    for (int i = 0; i < n; i++) {
      streams[i] = picker.getAsInt();
      seqs[i] = nextSeq++;
    }
    Buffer body = target.publishBatchBody(streams, seqs);
    RequestOptions ro = target.publishBatchRequest();
    sent += n;
    requests++;
    inFlight++;
    final long t0 = System.nanoTime();
    if (book != null) {
      if (target.keyBeforeSend()) {
        for (int i = 0; i < n; i++) {
          book.sent(seqs[i], t0, streams[i]);
        }
      } else {
        book.startClock(t0);
      }
    }
    client.request(ro)
        .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> new Object[] {resp.statusCode(), b})))
        .onComplete(ar -> {
          inFlight--;
          long t1 = System.nanoTime();
          if (ar.failed()) {
            failedCall(ar.cause(), n);
          } else {
            int status = (Integer) ar.result()[0];
            Buffer b = (Buffer) ar.result()[1];
            boolean acknowledged = target.acknowledged(status);
            long[] keys = acknowledged ? target.keysFromBatchReply(b, seqs) : null;
            if (keys == null) {
              failedReply(status, acknowledged, b, n);
            } else {
              ok += n;
              callLatency.recordValue(Math.min(MessageBook.MAX_LATENCY_MICROS, Math.max(0, (t1 - t0) / 1000)));
              if (window != null) {
                window.ok(n, t0, t1);
              }
              if (book != null) {
                for (int i = 0; i < n; i++) {
                  if (!target.keyBeforeSend()) {
                    book.sent(keys[i], t0, streams[i]);
                  }
                  book.acked(keys[i]);
                }
              }
            }
          }
          if (finished()) {
            doneNanos = t1;
          } else if (rate <= 0) {
            fill();
          }
        });
  }

  private void failedCall(Throwable cause, int items) {
    failed++;
    noteError(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    if (window != null) {
      window.failed("io", items);
    }
  }

  /** A reply that does not acknowledge: another status, or the right one without the ids. */
  private void failedReply(int status, boolean statusOk, Buffer b, int items) {
    failed++;
    String msg = b.toString(StandardCharsets.UTF_8);
    noteError((statusOk ? "unexpected reply: HTTP " : "HTTP ") + status + " "
        + (msg.length() > 160 ? msg.substring(0, 160) : msg).trim());
    if (window != null) {
      window.failed(statusOk ? "badReply" : AckWindow.httpKind(status), items);
    }
  }

  void close() {
    stop();
    client.close();
  }
}
