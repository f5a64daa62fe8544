package dev.herald.ingest.sqs;

import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestSource;
import dev.herald.core.ingest.IngestStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes an SQS queue, standard or FIFO. Every node polls the same queue: SQS itself shares the
 * messages, and on a FIFO queue hands each message group to one receiver at a time, so a group (the
 * partition) is published in order. A message is deleted only after it is durable in the hub or
 * durably in the queue's redrive queue; a dead node's messages become visible again after the
 * visibility timeout ({@link #DEFAULT_VISIBILITY_S} s unless configured) and another node takes them.
 * Standard queues promise no order.
 */
public final class SqsIngestSource implements IngestSource {
    private static final Logger log = LoggerFactory.getLogger(SqsIngestSource.class);
    public static final String NAME = "sqs";
    /** The message attribute that may carry the kind; otherwise the body's {@code "kind"} says. */
    static final String KIND_ATTRIBUTE = "kind";
    /**
     * How long received messages stay invisible by default: also how soon a dead node's messages go to
     * the others. A batch held longer (a store outage) is kept invisible by {@link SqsKeeper}.
     */
    public static final int DEFAULT_VISIBILITY_S = 12;
    static final int WAIT_S = 20;
    static final int MAX_BATCH = 100;
    static final int RECEIVERS = 4;
    private static final long CLOSE_WAIT_MS = 5_000;
    private static final long NO_REDRIVE_RETRY_MS = 30_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final int visibilitySeconds;
    private final IngestStats stats = new IngestStats(NAME);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    /** Each receiver with the thread it runs on (the first runs on the thread that started them). */
    private final Map<SqsReceiver, Thread> receivers = new LinkedHashMap<>();
    private volatile ScheduledExecutorService keeperThread;

    public SqsIngestSource(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, DEFAULT_VISIBILITY_S);
    }

    /** @param visibilitySeconds how long received messages stay invisible to other receivers (SQS allows 0..43200) */
    public SqsIngestSource(SqsClient sqs, String queueUrl, int visibilitySeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilitySeconds = visibilitySeconds;
    }

    /**
     * A source on its own client: the AWS default credentials chain, the JDK's HTTP client, and
     * {@code endpoint} (null for AWS's) for ElasticMQ or a VPC endpoint.
     */
    public static SqsIngestSource create(String queueUrl, String region, String endpoint, int visibilitySeconds) {
        SqsClientBuilder b = SqsClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return new SqsIngestSource(b.build(), queueUrl, visibilitySeconds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IngestStats stats() {
        return stats;
    }

    @Override
    public void start(IngestSink sink) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        Thread first = thread("herald-ingest-sqs-1", () -> {
            SqsQueue queue = resolve();
            if (queue != null) {
                run(queue, sink);
            }
        });
        first.start();
    }

    /** Reads the queue's attributes, trying again while SQS is away or the queue has no redrive policy. */
    private SqsQueue resolve() {
        long backoff = 500;
        boolean said = false;
        while (!stopped()) {
            try {
                return SqsQueue.resolve(sqs, queueUrl);
            } catch (SqsQueue.NoRedrivePolicy e) {
                stats.error(IngestStats.SOURCE_UNAVAILABLE, e.getMessage());
                log.error("ingest sqs: {}", e.getMessage());
                pause(NO_REDRIVE_RETRY_MS);
            } catch (SdkException | IllegalStateException e) {
                stats.error(IngestStats.SOURCE_UNAVAILABLE, "SQS: " + e.getMessage());
                if (!said) {
                    log.warn("ingest sqs: cannot read the queue {} yet, retrying: {}", queueUrl, e.getMessage());
                    said = true;
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        return null;
    }

    /** On the first thread, once the queue is known: the keeper, the other receivers, then a receiver itself. */
    private void run(SqsQueue queue, IngestSink sink) {
        SqsKeeper keeper = new SqsKeeper(sqs, queue.url(), visibilitySeconds);
        SqsReceiver mine;
        synchronized (threads) {
            if (stopped()) {
                return;
            }
            keeperThread = Executors.newSingleThreadScheduledExecutor(r -> thread("herald-ingest-sqs-keeper", r));
            keeperThread.scheduleWithFixedDelay(keeper::tick, 0, 1, TimeUnit.SECONDS);
            stats.lagFrom(keeper::lag);
            mine = new SqsReceiver(this, sqs, queue, keeper, sink);
            receivers.put(mine, Thread.currentThread());
            for (int i = 2; i <= RECEIVERS; i++) {
                SqsReceiver r = new SqsReceiver(this, sqs, queue, keeper, sink);
                Thread t = thread("herald-ingest-sqs-" + i, r);
                receivers.put(r, t);
                t.start();
            }
        }
        log.info("ingest sqs: consuming {} ({}), dead letters to {}", queue.url(), queue.fifo() ? "FIFO" : "standard",
                queue.deadLetterUrl());
        mine.run();
    }

    int visibilitySeconds() {
        return visibilitySeconds;
    }

    boolean stopped() {
        return stop.getCount() == 0;
    }

    /** Sleeps up to {@code ms}, less if the source is closed meanwhile. */
    void pause(long ms) {
        try {
            stop.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        return t;
    }

    /**
     * Stops taking messages; a receiver holding a batch gets up to 5 s to settle it, else it is left
     * unacknowledged (it comes again). A long poll still waiting is not waited for: whatever it brings
     * after this is handed back. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Thread> all;
        Map<SqsReceiver, Thread> running;
        synchronized (threads) {
            stop.countDown();
            all = List.copyOf(threads);
            running = Map.copyOf(receivers);
        }
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MS;
        try {
            for (Map.Entry<SqsReceiver, Thread> e : running.entrySet()) {
                while (e.getKey().busy() && e.getValue().isAlive() && System.currentTimeMillis() < deadline) {
                    e.getValue().join(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(Thread::interrupt);
        ScheduledExecutorService k = keeperThread;
        if (k != null) {
            k.shutdownNow();
        }
        sqs.close();
    }
}
