package dev.herald.server.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bound on request bytes in flight: bodies being received and buffered, and the writes
 * they became until the store has answered. Shared by every event loop; a request that does not fit
 * is refused at once rather than queued, so the heap never holds more than the budget of requests.
 */
public final class ByteBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public ByteBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    /** The bytes of one request, or null when they do not fit in what is left of the budget. */
    Reservation tryReserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return null;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return new Reservation(bytes);
    }

    public long limit() {
        return limit;
    }

    /** Bytes reserved right now. */
    public long used() {
        return used.get();
    }

    /**
     * One request's bytes, held by every party still working on them (the exchange with the client,
     * the write waiting for the store): the bytes return to the budget when the last one lets go, in
     * whichever order and on whichever thread they finish.
     */
    final class Reservation {
        private final long bytes;
        private final AtomicInteger holders = new AtomicInteger(1);

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        void retain() {
            holders.incrementAndGet();
        }

        void release() {
            int left = holders.decrementAndGet();
            if (left == 0) {
                used.addAndGet(-bytes);
            } else if (left < 0) {
                throw new IllegalStateException("released more often than held");
            }
        }
    }
}
