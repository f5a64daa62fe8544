package dev.herald.server.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that verify a token whose key must first be fetched from the identity provider, so a
 * fetch never blocks an event loop. Their own pool, small and bounded: a slow or silent provider holds
 * these threads, never Vert.x's workers; past the queue's bound a token is refused at once.
 */
final class KeyFetchWorkers implements Executor, AutoCloseable {
    private static final int THREADS = 2;
    private static final int QUEUE = 1024;

    private final ThreadPoolExecutor pool;

    KeyFetchWorkers() {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "herald-jwks-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the queue is full or the pool closed */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
