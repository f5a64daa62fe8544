package dev.herald.core.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open streams per user on this node, and the per-user limit. Thread-safe. */
public final class Presence {
    private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** Takes a stream slot for the user unless they already hold {@code max}. */
    public boolean tryAcquire(String userId, int max) {
        boolean[] acquired = {false};
        perUser.compute(userId, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= max) {
                return n;
            }
            acquired[0] = true;
            return held + 1;
        });
        if (acquired[0]) {
            total.incrementAndGet();
        }
        return acquired[0];
    }

    public void release(String userId) {
        perUser.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    /** A copy of the per-user counts. */
    public java.util.Map<String, Integer> snapshot() {
        return new java.util.HashMap<>(perUser);
    }

    public int connections(String userId) {
        return perUser.getOrDefault(userId, 0);
    }

    public int users() {
        return perUser.size();
    }

    public int connections() {
        return total.get();
    }
}
