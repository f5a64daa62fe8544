package dev.herald.core.sse;

import java.util.function.Function;

/**
 * Encoded SSE bytes that many streams share. The transport may attach its own zero-copy wrapper
 * of the bytes once ({@link #transportView}), so fan-out to N streams costs no copies and no
 * re-encoding.
 */
public final class Frame {
    private final byte[] bytes;
    /** Set once by the first stream that writes this frame; a benign race makes at worst two. */
    private volatile Object transportView;

    private Frame(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Frame of(byte[] bytes) {
        return new Frame(bytes);
    }

    /** The encoded bytes; shared, so callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @SuppressWarnings("unchecked")
    public <T> T transportView(Function<byte[], T> wrap) {
        Object view = transportView;
        if (view == null) {
            view = wrap.apply(bytes);
            transportView = view;
        }
        return (T) view;
    }
}
