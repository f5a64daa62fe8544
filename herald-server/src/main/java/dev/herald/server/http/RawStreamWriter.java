package dev.herald.server.http;

import dev.herald.core.sse.Frame;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Writes pre-framed chunks ({@link ChunkedFrames}) of an open stream straight into the connection's
 * pipeline, below Vert.x's response and Netty's HTTP encoder, which saw the response head and keep
 * their chunked state for the final chunk written by {@code response.end()}. Everything runs on the
 * connection's event loop (the server runs in strict thread mode), so these writes and Vert.x's own
 * stay in order.
 *
 * <p>This leans on Vert.x internals (the pipeline's {@code httpEncoder}); when they are not there,
 * {@link #of} returns null and the stream writes through the public response API instead.
 */
final class RawStreamWriter {
    static final String ENCODER = "httpEncoder";

    private final ChannelHandlerContext encoder;

    private RawStreamWriter(ChannelHandlerContext encoder) {
        this.encoder = encoder;
    }

    static RawStreamWriter of(HttpServerRequest request) {
        if (!(request.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        ChannelHandlerContext encoder = connection.channel().pipeline().context(ENCODER);
        return encoder == null ? null : new RawStreamWriter(encoder);
    }

    /**
     * Writes one frame without flushing; returns false when the stream's unsent bytes are past its
     * bound. Unflushed frames count as unsent, so past the bound it flushes first and asks again:
     * only bytes the kernel would not take count against the client.
     */
    boolean write(Frame frame) {
        encoder.write(frame.transportView(ChunkedFrames.CHUNK).duplicate(), encoder.voidPromise());
        if (encoder.channel().isWritable()) {
            return true;
        }
        encoder.flush();
        return encoder.channel().isWritable();
    }

    void flush() {
        encoder.flush();
    }
}
