package dev.herald.core.bus;

import dev.herald.core.item.Item;

import java.util.List;

/**
 * Live fan-out of committed items between nodes. An accelerator, not the truth: the store is. A bus
 * may drop or delay messages; the hub detects the hole in the sequence and reads it back from the
 * store, so a bus never makes an acknowledged item go missing.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #publish} is called after the items are durable. It must not block; a broadcast is
 *       one message however many users it reaches.</li>
 *   <li>Every started node's listener, including the publishing node's own, gets the items.
 *       Items published by one node arrive in the order that node published them.</li>
 *   <li>After an outage the bus calls {@link BusListener#onResync()} once it is back, because
 *       messages sent meanwhile are gone.</li>
 *   <li>{@link #close()} is idempotent; after it nothing is delivered.</li>
 * </ul>
 */
public interface Bus extends AutoCloseable {

    /** Starts delivering to the listener. Called once. */
    void start(BusListener listener);

    /** Sends committed items to every node. */
    void publish(List<Item> items);

    /** False while the bus cannot reach other nodes (local delivery still works). */
    boolean healthy();

    @Override
    void close();
}
