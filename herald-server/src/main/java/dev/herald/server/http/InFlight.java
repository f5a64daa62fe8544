package dev.herald.server.http;

import java.util.function.Supplier;

/** Counts publishes between acceptance and reply, so a shutdown can wait for them. */
public final class InFlight {
    private int count;

    /**
     * Counts a write in flight, or refuses it (503 shutting_down) while the node drains. It counts
     * first and checks second: a drain that found none in flight has already set the flag this
     * check reads, so no write can slip in after the drain stopped waiting. After a normal return,
     * call {@link #end} exactly once.
     */
    void enter(Lifecycle lifecycle) {
        begin();
        try {
            lifecycle.checkAccepting();
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    /**
     * {@link #enter}, then runs {@code accept} (parsing and validation, which may refuse the write):
     * if it throws, the write was never in flight. After a normal return, call {@link #end} once.
     */
    <T> T enter(Lifecycle lifecycle, Supplier<T> accept) {
        enter(lifecycle);
        try {
            return accept.get();
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Waits until none are in flight or the time is up; returns true if none are left. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (count > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
