package dev.herald.core.bus;

import dev.herald.core.item.Item;

import java.util.List;

/** The single-node {@link Bus}: hands items straight to this node's listener on the caller's thread. */
public final class LocalBus implements Bus {
    private volatile BusListener listener;
    private volatile boolean closed;

    @Override
    public void start(BusListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
    }

    @Override
    public void publish(List<Item> items) {
        BusListener l = listener;
        if (l != null && !closed) {
            l.onItems(items);
        }
    }

    @Override
    public boolean healthy() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
