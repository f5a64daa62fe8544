package dev.herald.core.hub;

import dev.herald.core.sse.Frame;

/**
 * The transport end of one stream, implemented by the HTTP layer. Every method is called on the
 * thread of the {@link Shard} the stream belongs to.
 */
public interface Sink {
    /**
     * The stream was admitted (it is within the user's connection limit): send the response head and
     * the greeting. Called once, before any {@link #write}.
     */
    void start(Subscription subscription);

    /**
     * Queues a frame for the client. Returns false when the stream's unsent bytes are now past its
     * bound: a live stream in that state is cut off, a replaying one waits for
     * {@link #whenWritable}.
     */
    boolean write(Frame frame);

    /**
     * Like {@link #write}, but the frame may wait in the connection until {@link #flush}: the shard
     * writes a whole batch of live items this way and flushes each stream once, one system call per
     * stream per batch instead of one per item. The caller must flush before its task ends.
     */
    default boolean writeBuffered(Frame frame) {
        return write(frame);
    }

    /** Sends what {@link #writeBuffered} left waiting. */
    default void flush() {
    }

    /**
     * Whether the unsent bytes are under the bound now (a write would be taken). A live stream that
     * is not writable when a collapsible event comes waits for the drain and coalesces meanwhile.
     */
    default boolean writable() {
        return true;
    }

    /** Runs the action once the unsent bytes fall back under the bound. */
    void whenWritable(Runnable action);

    /** Ends the stream; called at most once, never for {@link CloseReason#CLIENT_GONE}. */
    void close(CloseReason reason);
}
