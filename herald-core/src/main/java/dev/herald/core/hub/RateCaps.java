package dev.herald.core.hub;

import dev.herald.core.item.Item;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One stream's {@code maxRatePerSecond} caps, per collapse key: after an event of a key is written,
 * the next one of that key waits for the key's next slot, and a newer one replaces it while it waits
 * (latest wins). A timer releases what waits, so the last value always arrives. Confined to the
 * stream's shard thread; created on the stream's first rate-capped event.
 */
final class RateCaps {
    /** Keys remembered per stream; past this, keys whose slot has come are forgotten (a denial-of-service guard). */
    static final int MAX_KEYS = 1024;

    private static final class Slot {
        long nextNanos;
        Item held;
    }

    private final Map<String, Slot> slots = new HashMap<>();
    private int held;
    private boolean releaseScheduled;

    /**
     * Holds the event if its key's slot has not come yet (replacing, and handing to {@code dropped},
     * an older one held for the key). When the slot has come, an older held event of the key is
     * stale: it is dropped and the caller writes this one.
     */
    boolean holdIfEarly(Item item, long now, Consumer<Item> dropped) {
        Slot slot = slots.get(item.collapseKey());
        if (slot == null) {
            return false;
        }
        if (now - slot.nextNanos >= 0) {
            if (slot.held != null) {
                dropped.accept(slot.held);
                slot.held = null;
                held--;
            }
            return false;
        }
        if (slot.held != null) {
            dropped.accept(slot.held);
        } else {
            held++;
        }
        slot.held = item;
        return true;
    }

    /** The event was written now: its key's next slot is one interval away. */
    void sent(Item item, long now) {
        Slot slot = slots.get(item.collapseKey());
        if (slot == null) {
            if (slots.size() >= MAX_KEYS) {
                forgetIdle(now);
            }
            slot = new Slot();
            slots.put(item.collapseKey(), slot);
        }
        slot.nextNanos = now + intervalNanos(item.maxRatePerSecond());
    }

    static long intervalNanos(double maxRatePerSecond) {
        return (long) Math.ceil(1_000_000_000d / maxRatePerSecond);
    }

    boolean holding() {
        return held > 0;
    }

    /** Every held event, oldest first (the stream's order), no longer held. */
    List<Item> takeHeld() {
        List<Item> out = new ArrayList<>(held);
        for (Slot slot : slots.values()) {
            if (slot.held != null) {
                out.add(slot.held);
                slot.held = null;
            }
        }
        held = 0;
        out.sort(Comparator.comparingLong(Item::seq));
        return out;
    }

    /**
     * Claims the one pending release timer: the delay until the earliest held slot, or -1 when a
     * timer is already set or nothing is held.
     */
    long claimRelease(long now) {
        if (releaseScheduled || held == 0) {
            return -1;
        }
        long earliest = Long.MAX_VALUE;
        for (Slot slot : slots.values()) {
            if (slot.held != null) {
                earliest = Math.min(earliest, Math.max(0, slot.nextNanos - now));
            }
        }
        releaseScheduled = true;
        return earliest;
    }

    /** The release timer fired. */
    void released() {
        releaseScheduled = false;
    }

    /** Drops keys that hold nothing and whose slot has come: remembering them changes nothing. */
    private void forgetIdle(long now) {
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (slot.held == null && now - slot.nextNanos >= 0) {
                it.remove();
            }
        }
        if (slots.size() >= MAX_KEYS) {
            // Still full of keys waiting for their slot: forget those that hold nothing. Their next
            // event goes out at once, early: more than the cap, never a lost value.
            slots.values().removeIf(slot -> slot.held == null);
        }
    }
}
