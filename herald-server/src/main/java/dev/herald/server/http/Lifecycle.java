package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether this node still accepts new streams and publishes; shared by every event loop. */
public final class Lifecycle {
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Stops admitting new work. Returns false if it was already stopping. */
    public boolean beginDrain() {
        return draining.compareAndSet(false, true);
    }

    public boolean isDraining() {
        return draining.get();
    }

    void checkAccepting() {
        if (draining.get()) {
            throw new HeraldException(ErrorCode.SHUTTING_DOWN, "this node is shutting down; retry on another node or shortly");
        }
    }
}
