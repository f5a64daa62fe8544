package dev.herald.core.bus;

import dev.herald.core.item.Item;

import java.util.List;

/** Receives what the {@link Bus} carries. Called from the bus's threads; must not block. */
public interface BusListener {
    /** Committed items from any node, each node's in its commit order. */
    void onItems(List<Item> items);

    /**
     * The bus lost messages it may never deliver (it was disconnected) and is back: whatever was
     * committed meanwhile must be caught up from the store.
     */
    void onResync();
}
