package dev.herald.core.push;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.cluster.Cluster;
import dev.herald.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's Web Push delivery: on its own thread, it turns new log items into pending pushes
 * ({@link PushScanner}), claims due pushes (each has one claimer per lease, cluster-wide), sends them
 * and settles each by the outcome: sent and rejected are removed, gone also deletes the
 * subscription, retry comes back after an exponential backoff (at least the push service's
 * Retry-After) until {@link Options#maxAttempts} tries. At least once: a push is removed only after
 * its outcome, so a node that dies mid-send leaves it to be claimed again when the lease ends.
 */
public final class PushDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushDelivery.class);

    /**
     * @param pollMillis      how often the log and queue are looked at when idle
     * @param leaseMillis     how long a claim lasts (a dead node's pushes wait this long at most)
     * @param backoffMillis   the first retry's delay; doubled per attempt up to {@code maxBackoffMillis}
     * @param maxAttempts     sends tried before a push is given up
     * @param maxTtlSeconds   the longest TTL asked of a push service
     */
    public record Options(long pollMillis, long leaseMillis, long backoffMillis, long maxBackoffMillis, int maxAttempts,
                          int maxTtlSeconds, int batch) {
        public static Options defaults() {
            return new Options(200, 60_000, 1_000, 300_000, 10, 28 * 24 * 3600, 50);
        }

        public Options withLeaseMillis(long newLeaseMillis) {
            return new Options(pollMillis, newLeaseMillis, backoffMillis, maxBackoffMillis, maxAttempts, maxTtlSeconds, batch);
        }
    }

    private final Store store;
    private final PushSender sender;
    private final String nodeId;
    private final Options options;
    private final PushScanner scanner;
    private final PushMetrics metrics = new PushMetrics();
    private final ScheduledExecutorService thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Only touched on the delivery thread. */
    private boolean paused;

    public PushDelivery(Store store, Cluster cluster, PushSender sender, Options options) {
        this.store = store;
        this.sender = sender;
        this.nodeId = cluster.nodeId();
        this.options = options;
        this.scanner = new PushScanner(store, cluster);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-push");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the worker. Blocks for the first scan step, so a store that never had a push cursor gets
     * it (at the log's head) before the node takes its first publish: one published right after the
     * start is never taken for an old one.
     */
    public void start() {
        try {
            scanner.step(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.warn("push delivery: first scan failed, the worker retries: {}", e.getMessage());
        }
        thread.scheduleWithFixedDelay(this::tick, 0, options.pollMillis(), TimeUnit.MILLISECONDS);
    }

    public PushMetrics metrics() {
        return metrics;
    }

    private void tick() {
        try {
            while (!closed.get() && scanner.step(System.currentTimeMillis())) {
                // keep reading while the cursor moves
            }
            long depth = store.pushQueueDepth().join();
            metrics.recordQueueDepth(depth);
            while (!closed.get() && depth > 0 && deliverDue() == options.batch()) {
                // a full batch: there may be more due now
            }
            if (paused) {
                paused = false;
                log.info("push delivery resumed");
            }
        } catch (RuntimeException e) {
            // The store is down or closing: the next tick tries again; nothing was lost. Said once per
            // outage, not every tick.
            if (!closed.get() && !paused) {
                paused = true;
                // The store warns about its own outage once; a second WARN for the same cause is noise.
                if (storeOutage(e)) {
                    log.info("push delivery paused until the store takes writes again");
                } else {
                    log.warn("push delivery paused: {}", e.getMessage());
                }
            }
        }
    }

    private static boolean storeOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HeraldException he && he.code() == ErrorCode.STORE_UNAVAILABLE) {
                return true;
            }
        }
        return false;
    }

    /** Claims and sends one batch, waits for all outcomes; returns how many were claimed. */
    private int deliverDue() {
        long now = System.currentTimeMillis();
        List<PendingPush> claimed = store.claimPushes(nodeId, now, options.leaseMillis(), options.batch()).join();
        List<CompletableFuture<Void>> settled = new ArrayList<>();
        for (PendingPush p : claimed) {
            settled.add(send(p, now));
        }
        CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).join();
        return claimed.size();
    }

    private CompletableFuture<Void> send(PendingPush p, long now) {
        long ttl = Math.min(options.maxTtlSeconds(), (p.expiresAtMillis() - now) / 1000);
        if (ttl <= 0) {
            // The notification expired while waiting: a late push would show what the inbox no longer has.
            metrics.recordFailed();
            return store.finishPush(p.id());
        }
        PushMessage message = new PushMessage(p.payload(), (int) ttl, p.urgency(), p.topic());
        return sender.send(p.to(), message).thenCompose(outcome -> settle(p, outcome));
    }

    private CompletableFuture<Void> settle(PendingPush p, PushOutcome outcome) {
        switch (outcome.result()) {
            case SENT -> {
                metrics.recordSent(Math.max(0, System.currentTimeMillis() - p.enqueuedAtMillis()));
                return store.finishPush(p.id());
            }
            case GONE -> {
                metrics.recordGone();
                return store.forgetPushEndpoint(p.to().endpoint()).thenCompose(x -> store.finishPush(p.id()));
            }
            case REJECTED -> {
                metrics.recordFailed();
                log.warn("push service rejected a push with status {}", outcome.status());
                return store.finishPush(p.id());
            }
            default -> {
                int attempts = p.attempts() + 1;
                if (attempts >= options.maxAttempts()) {
                    metrics.recordFailed();
                    return store.finishPush(p.id());
                }
                metrics.recordRetried();
                long backoff = Math.min(options.maxBackoffMillis(), options.backoffMillis() << Math.min(attempts - 1, 20));
                long delay = Math.max(backoff, outcome.retryAfterMillis());
                return store.retryPush(p.id(), attempts, System.currentTimeMillis() + delay);
            }
        }
    }

    /** Stops the thread (a send in flight is abandoned: its lease brings it back). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
