package dev.herald.core.hub;

import dev.herald.core.item.Item;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The items a stream holds while it is behind, first in first out, except that an item with a
 * collapse key supersedes the one of the same key already queued: the older one is dropped and the
 * newer one takes its place at the end, so the order of everything else (other keys, items without a
 * key) is kept and each key's latest value is delivered. Items without a key are never dropped.
 *
 * <p>Dropped items leave holes that are compacted away once they make up half the slots, so memory is
 * proportional to what the queue holds, not to what passed through it. The key index is made on the
 * first keyed item: a queue that never sees one costs what a plain array deque would. Not thread-safe
 * (a stream's shard thread owns it).
 */
final class CoalescingQueue {
    private Item[] slots = new Item[8];
    private int head;
    private int tail;
    private int size;
    private long bytes;
    /** Slot of each key's queued item; null until the first keyed item. */
    private Map<String, Integer> slotByKey;

    /** Items held (holes not counted). */
    int size() {
        return size;
    }

    /** Frame bytes of the items held. */
    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Whether an item of this collapse key is queued (so any earlier one of the key is stale). */
    boolean holdsKey(String collapseKey) {
        return slotByKey != null && slotByKey.containsKey(collapseKey);
    }

    /**
     * Appends the item; an item of the same collapse key already queued is dropped and given to
     * {@code dropped}.
     */
    void add(Item item, Consumer<Item> dropped) {
        if (tail == slots.length) {
            makeRoom();
        }
        String key = item.collapseKey();
        if (key != null) {
            if (slotByKey == null) {
                slotByKey = new HashMap<>();
            }
            Integer old = slotByKey.put(key, tail);
            if (old != null) {
                Item stale = slots[old];
                slots[old] = null;
                size--;
                bytes -= stale.frame().size();
                dropped.accept(stale);
            }
        }
        slots[tail++] = item;
        size++;
        bytes += item.frame().size();
    }

    /** The oldest item, or null when empty. */
    Item poll() {
        while (head < tail) {
            Item item = slots[head];
            slots[head] = null;
            int at = head++;
            if (item != null) {
                size--;
                bytes -= item.frame().size();
                Integer slot = item.collapseKey() == null ? null : slotByKey.get(item.collapseKey());
                if (slot != null && slot == at) {
                    slotByKey.remove(item.collapseKey());
                }
                if (size == 0) {
                    head = 0;
                    tail = 0;
                }
                return item;
            }
        }
        head = 0;
        tail = 0;
        return null;
    }

    /** Slots allocated (held items plus holes): what the queue costs in memory. */
    int slotCapacity() {
        return slots.length;
    }

    void clear() {
        java.util.Arrays.fill(slots, null);
        head = 0;
        tail = 0;
        size = 0;
        bytes = 0;
        slotByKey = null;
    }

    /** Moves the held items to the front (dropping holes), growing the array only when it is over half full. */
    private void makeRoom() {
        Item[] target = size * 2 >= slots.length ? new Item[slots.length * 2] : slots;
        int n = 0;
        for (int i = head; i < tail; i++) {
            Item item = slots[i];
            if (item != null) {
                slots[i] = null;
                target[n] = item;
                if (item.collapseKey() != null) {
                    slotByKey.put(item.collapseKey(), n);
                }
                n++;
            }
        }
        slots = target;
        head = 0;
        tail = n;
    }
}
