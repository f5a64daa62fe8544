package dev.herald.store.jdbc;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.store.StoreOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes a store (group commit). Callers queue ops and get a future at once;
 * the writer takes whatever is queued (appends and inbox changes, in arrival order), applies it in
 * one transaction, commits once, and only then completes the futures, in order. Under load, ops
 * pile up while the previous commit syncs, so one fsync (or one PostgreSQL commit round trip, and
 * one hold of the sequence lock) is shared by hundreds of publishes; at low load a lone publish is
 * committed at once, with no added wait.
 *
 * <p>A batch that fails for a reason other than an unreachable database is retried op by op in
 * fresh transactions, so one bad op fails alone instead of taking its neighbours down. When the
 * database cannot take writes (unreachable, disk full, timed out), the batch and everything queued
 * behind it fail at once with STORE_UNAVAILABLE (fail fast) and a {@link WriteOutage} begins: one
 * WARN, a reason for {@code /health}, every new write refused at once (a circuit open), and a probe
 * write every second, so the outage ends by itself within a second of the database taking writes
 * again (recovery needs no restart).
 *
 * <p>A transaction either commits whole or leaves nothing: each begins explicitly and a failed one
 * is always rolled back ({@link Dialect}), and a future completes successfully exactly when its
 * transaction committed.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /**
     * Ops per transaction. No collecting delay: batches form by themselves while the previous
     * commit syncs (a lone publish commits in ~0.2 ms on SQLite), and a wait would only add latency
     * when idle. The cap bounds what one commit holds: at ~12-20 µs of work per item (measured: 50-80k
     * appends/s on 2 cores) a full batch is ~10 ms, which bounds the wait of the oldest op in it and,
     * on PostgreSQL, how long other nodes wait for the sequence lock; beyond a few hundred ops the
     * fsync is already amortised to noise.
     */
    static final int MAX_OPS = 500;
    /** Items per transaction, for the same reason: one huge append call still goes alone. */
    static final int MAX_ITEMS = 2000;
    /** Backpressure: beyond this many queued ops, writes fail at once instead of piling up in memory. */
    static final int MAX_QUEUED = 100_000;

    /** While writes are refused and nothing else comes, how often the writer tries a write of its own. */
    static final long PROBE_INTERVAL_MILLIS = 1000;

    private static final Pending<Void> STOP = new Pending<>(null, null);
    /** A write that changes nothing but still has to reach the disk (see {@link WriteTx#touch}). */
    private static final WriteOp<Void> PROBE = tx -> {
        tx.touch();
        return null;
    };

    private record Pending<T>(WriteOp<T> op, CompletableFuture<T> future) {
        @SuppressWarnings("unchecked")
        void complete(Object result) {
            future.complete((T) result);
        }
    }

    private final String epoch;
    private final StoreOptions options;
    private final Dialect dialect;
    private final ConnectionSource connections;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** Completes futures in commit order off the writer thread, so callbacks never delay the next commit. */
    private final ExecutorService completer;
    private final Thread thread;
    private volatile Thread completerThread;
    private final Object submitLock = new Object();
    private final WriteOutage outage;
    private boolean closed;

    GroupCommitWriter(String epoch, StoreOptions options, Dialect dialect, ConnectionSource connections) {
        this.epoch = epoch;
        this.options = options;
        this.dialect = dialect;
        this.connections = connections;
        this.outage = new WriteOutage(dialect.name());
        this.completer = Executors.newSingleThreadExecutor(body -> {
            completerThread = Threads.daemon("herald-" + dialect.name() + "-completer", body);
            return completerThread;
        });
        this.thread = Threads.daemon("herald-" + dialect.name() + "-writer", this::run);
        this.thread.start();
    }

    /** Queues an op; the future completes after its transaction committed (or fails). */
    <T> CompletableFuture<T> submit(WriteOp<T> op) {
        Pending<T> pending = new Pending<>(op, new CompletableFuture<>());
        synchronized (submitLock) {
            if (closed) {
                return Failures.closedFuture();
            }
            if (outage.active()) {
                // A known outage: refuse at once instead of queueing behind the probe (which may wait
                // the database's whole connection timeout). The probe ends the outage within a second
                // of the database taking writes again.
                outage.count(1);
                return CompletableFuture.failedFuture(new HeraldException(ErrorCode.STORE_UNAVAILABLE,
                        "store unavailable"));
            }
            if (!queue.offer(pending)) {
                return CompletableFuture.failedFuture(new HeraldException(ErrorCode.STORE_UNAVAILABLE,
                        "store overloaded: too many writes queued"));
            }
        }
        return pending.future;
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            Pending<?> first;
            try {
                first = outage.active() ? queue.poll(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS) : queue.take();
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                probe();
                continue;
            }
            if (first == STOP) {
                break;
            }
            try {
                batch.add(first);
                int weight = first.op.weight();
                // Only this thread takes from the queue, so what peek() shows is what poll() returns.
                for (Pending<?> next = queue.peek(); next != null && batch.size() < MAX_OPS; next = queue.peek()) {
                    if (next == STOP) {
                        queue.poll();
                        stopping = true;
                        break;
                    }
                    if (weight + next.op.weight() > MAX_ITEMS) {
                        break;
                    }
                    queue.poll();
                    batch.add(next);
                    weight += next.op.weight();
                }
                stopping |= execute(batch);
            } catch (Throwable t) {
                // An Error outside any transaction (out of memory while forming the batch): whatever
                // of it was not settled fails, and the writer lives on for the writes behind it.
                log.error("store writer: {} while handling a batch; failing its unsettled writes", t.toString());
                failAll(batch.stream().filter(p -> !p.future.isDone()).toList(), t);
            }
            batch.clear();
        }
        // Closed: submit() accepts nothing more, so whatever is left raced with an interrupt only.
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        failAll(left, Failures.closed());
        completer.shutdown();
    }

    /** While writes are refused and the queue is idle: one write of no effect, to see whether they work again. */
    private void probe() {
        try {
            transaction(List.of(new Pending<Void>(PROBE, new CompletableFuture<>())));
            outage.recovered();
        } catch (Exception e) {
            log.debug("store probe write failed: {}", dialect.reason(e));
        } catch (Error e) {
            log.error("store writer: {} during a probe write", e.toString());
        }
    }

    /** Why writes are refused right now (and since when), or null while they work. */
    String outageReason() {
        return outage.reason();
    }

    /** Runs one batch and settles its futures; returns true if a close was found while failing fast. */
    private boolean execute(List<Pending<?>> batch) {
        Throwable failure = commit(batch);
        if (failure == null) {
            return false;
        }
        if (failure instanceof CommitInDoubt || dialect.isUnreachable(failure)) {
            return failFast(batch, List.of(), failure);
        }
        if (batch.size() > 1) {
            log.warn("store write batch of {} ops failed ({}); retrying each op alone", batch.size(),
                    Failures.describe(failure));
            log.debug("batch failure", failure);
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending<?> p = batch.get(i);
            Throwable alone = batch.size() == 1 ? failure : commit(List.of(p));
            if (alone == null) {
                continue;
            }
            if (alone instanceof CommitInDoubt || dialect.isUnreachable(alone)) {
                return failFast(List.of(p), batch.subList(i + 1, batch.size()), alone);
            }
            log.warn("store write failed: {}", Failures.describe(alone));
            log.debug("write failure", alone);
            // A JVM error is passed on as itself (the server reports it as one), never as the store's.
            failAll(List.of(p), alone instanceof Error error ? error : Failures.map(alone, "write"));
        }
        return false;
    }

    /**
     * One transaction for the batch; on success its futures are settled (in order) and null returned.
     * A JVM error in it (a StackOverflowError in one op) is returned like any failure: the batch is
     * rolled back and the writer lives on for the others.
     */
    private Throwable commit(List<Pending<?>> batch) {
        List<Object> results;
        try {
            results = transaction(batch);
        } catch (Exception | Error e) {
            return e;
        }
        outage.recovered();
        List<Pending<?>> done = List.copyOf(batch);
        Runnable settle = () -> {
            for (int i = 0; i < done.size(); i++) {
                done.get(i).complete(results.get(i));
            }
        };
        try {
            completer.execute(settle);
        } catch (RuntimeException | Error e) {
            // Committed: these futures must succeed, whatever the completer's state.
            settle.run();
        }
        return null;
    }

    /**
     * The database cannot take writes: {@code attempted} failed with {@code e}, and {@code untried}
     * and everything queued are refused without being sent. Only a commit in doubt tells its own
     * callers their writes may be stored; everyone else is told nothing was.
     */
    private boolean failFast(List<Pending<?>> attempted, List<Pending<?>> untried, Throwable e) {
        List<Pending<?>> refused = new ArrayList<>(untried);
        queue.drainTo(refused);
        boolean stop = refused.remove(STOP);
        int all = attempted.size() + refused.size();
        // One WARN per outage (WriteOutage), not one per refused batch.
        outage.refused(dialect.reason(e), all);
        log.debug("store refused {} queued writes: {}", all, dialect.reason(e));
        if (e instanceof CommitInDoubt) {
            log.warn("store: a commit's reply was lost and the database could not be asked whether it committed:"
                    + " {} writes answered as possibly stored", attempted.size());
            failAll(attempted, new HeraldException(ErrorCode.STORE_UNAVAILABLE, CommitInDoubt.MESSAGE, e));
            failAll(refused, new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store unavailable", e.getCause()));
        } else {
            List<Pending<?>> everyone = new ArrayList<>(attempted);
            everyone.addAll(refused);
            failAll(everyone, new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store unavailable", e));
        }
        return stop;
    }

    private void failAll(List<Pending<?>> pending, Throwable failure) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending<?>> failed = List.copyOf(pending);
        Runnable fail = () -> failed.forEach(p -> p.future.completeExceptionally(failure));
        try {
            completer.execute(fail);
        } catch (RuntimeException rejected) {
            fail.run();
        }
    }

    private List<Object> transaction(List<Pending<?>> batch) throws Exception {
        Connection c = connections.borrow();
        long transactionId;
        List<Object> results;
        Exception commitFailure;
        try {
            dialect.begin(c);
            transactionId = dialect.lockSequence(c);
            Set<String> keys = new LinkedHashSet<>();
            for (Pending<?> p : batch) {
                keys.addAll(p.op.idempotencyKeys());
            }
            results = new ArrayList<>(batch.size());
            try (WriteTx tx = WriteTx.begin(c, epoch, options, keys)) {
                for (Pending<?> p : batch) {
                    results.add(p.op.apply(tx));
                }
                tx.finish();
            }
            try {
                dialect.commit(c);
                return results;
            } catch (SQLException | RuntimeException e) {
                if (transactionId < 0 || !dialect.isUnreachable(e)) {
                    throw e;
                }
                commitFailure = e;
            }
        } catch (Throwable t) {
            // Whatever went wrong (an Error too), the connection goes back clean: SQLite's writer
            // connection is reused by the next batch, which must not inherit half of this one.
            dialect.rollback(c);
            throw t;
        } finally {
            connections.release(c);
        }
        // The commit was sent and its reply lost: the database may have committed. Ask it, so the
        // callers are told what happened instead of "nothing stored".
        switch (dialect.fateOf(transactionId, connections)) {
            case COMMITTED -> {
                log.warn("store: a commit's reply was lost, but the database committed it: {} writes answered as stored",
                        batch.size());
                return results;
            }
            case ROLLED_BACK -> throw commitFailure;
            default -> throw new CommitInDoubt(commitFailure);
        }
    }

    static void rollbackQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken or already rolled back; the pool discards broken ones
        }
    }

    /** Commits what is queued, then stops the thread. Idempotent. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            queue.put(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt(); // the writer stops at its next take() and fails what is left
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (Thread.currentThread() != completerThread) {
                completer.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("store writer did not stop within 30 s; closing its connections under it");
        }
    }
}
