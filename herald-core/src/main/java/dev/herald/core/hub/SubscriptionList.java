package dev.herald.core.hub;

import java.util.Arrays;

/**
 * An array of subscriptions with O(1) add and remove (the last element fills the hole). Iterating
 * it backwards stays correct while the visited element removes itself, which is what a cut-off
 * stream does in the middle of a broadcast.
 */
final class SubscriptionList {
    private Subscription[] items = new Subscription[16];
    private int size;

    void add(Subscription s) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        s.index = size;
        items[size++] = s;
    }

    void remove(Subscription s) {
        int i = s.index;
        if (i < 0 || i >= size || items[i] != s) {
            return;
        }
        Subscription last = items[--size];
        items[i] = last;
        last.index = i;
        items[size] = null;
        s.index = -1;
    }

    int size() {
        return size;
    }

    Subscription get(int i) {
        return items[i];
    }
}
