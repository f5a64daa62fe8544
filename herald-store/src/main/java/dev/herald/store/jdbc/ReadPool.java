package dev.herald.store.jdbc;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.sql.Connection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The store's own small executor for reads, so blocking JDBC never runs on a caller's (event loop)
 * thread. Each read is one transaction: a page and its unread count, or a range and its recipient
 * lists, come from one snapshot.
 */
final class ReadPool implements AutoCloseable {
    /** A denial-of-service guard: reads beyond this many waiting fail at once instead of queueing. */
    static final int MAX_QUEUED = 10_000;

    private final ThreadPoolExecutor executor;
    private final ConnectionSource connections;
    private volatile boolean closed;

    ReadPool(String threadPrefix, int threads, ConnectionSource connections) {
        this.connections = connections;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), Threads.numbered(threadPrefix));
    }

    /** Runs {@code work} in a read transaction on a pool thread; {@code what} names it in errors. */
    <T> CompletableFuture<T> submit(SqlWork<T> work, String what) {
        if (closed) {
            return Failures.closedFuture();
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> run(work, what, future));
        } catch (RejectedExecutionException e) {
            return closed ? Failures.closedFuture() : CompletableFuture.failedFuture(
                    new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store overloaded: too many reads queued"));
        }
        return future;
    }

    private <T> void run(SqlWork<T> work, String what, CompletableFuture<T> future) {
        if (closed) {
            future.completeExceptionally(Failures.closed());
            return;
        }
        Connection c = null;
        try {
            c = connections.borrow();
            T result = work.apply(c);
            c.commit();
            future.complete(result);
        } catch (Throwable e) {
            GroupCommitWriter.rollbackQuietly(c);
            // A JVM error (OutOfMemoryError while building a page, ...) is not the store's failure:
            // it goes to the caller as it is, so it is reported as what it is, never as "store unavailable".
            future.completeExceptionally(closed ? Failures.closed() : e instanceof Error ? e : Failures.map(e, what));
        } finally {
            if (c != null) {
                connections.release(c);
            }
        }
    }

    /** Refuses new reads and waits briefly for running ones. Idempotent. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
