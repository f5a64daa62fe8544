package dev.herald.server.http;

import dev.herald.core.hub.CloseReason;
import dev.herald.core.hub.Sink;
import dev.herald.core.hub.Subscription;
import dev.herald.core.sse.Frame;
import dev.herald.core.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.buffer.Unpooled;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stream's {@link Sink} on a Vert.x response. Each frame is framed as an HTTP chunk once and that
 * one buffer is written to every stream ({@link RawStreamWriter}; each write takes its own view of
 * it). The unsent bytes are bounded by the connection's write buffer: past the bound the core cuts
 * the stream off.
 */
final class VertxSink implements Sink {
    private static final Frame TOKEN_EXPIRED = Frame.of(SseFrames.event(null, "token_expired",
            "{\"reason\":\"token_expired\"}"));

    static final long DRAIN_RETRY_MIN_MS = 100;
    static final long DRAIN_RETRY_SPREAD_MS = 1000;

    private final HttpServerResponse response;
    /** Null when the connection is not the expected Netty pipeline: then frames go through {@code response}. */
    private final RawStreamWriter raw;
    private final long retryMs;
    private final long heartbeatMs;
    private final String nodeId;

    VertxSink(HttpServerResponse response, RawStreamWriter raw, int bufferBytes, long retryMs, long heartbeatMs,
              String nodeId) {
        this.response = response;
        this.raw = raw;
        this.retryMs = retryMs;
        this.heartbeatMs = heartbeatMs;
        this.nodeId = nodeId;
        response.setWriteQueueMaxSize(bufferBytes);
    }

    @Override
    public void start(Subscription subscription) {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no")
                .putHeader("Connection", "keep-alive");
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("connectionId", subscription.connectionId());
        hello.put("userId", subscription.userId());
        hello.put("heartbeatMs", heartbeatMs);
        hello.put("nodeId", nodeId);
        Buffer head = Buffer.buffer(SseFrames.retry(retryMs))
                .appendBytes(SseFrames.event(null, "connected", Json.string(hello)));
        // Headers and greeting go out together, at once: the client knows it is connected.
        response.write(head);
    }

    @Override
    public boolean write(Frame frame) {
        if (response.closed()) {
            return true;
        }
        if (raw != null) {
            boolean writable = raw.write(frame);
            raw.flush();
            return writable;
        }
        response.write(wrap(frame));
        return !response.writeQueueFull();
    }

    @Override
    public boolean writeBuffered(Frame frame) {
        if (raw == null || response.closed()) {
            return write(frame);
        }
        return raw.write(frame);
    }

    @Override
    public void flush() {
        if (raw != null && !response.closed()) {
            raw.flush();
        }
    }

    @Override
    public boolean writable() {
        return response.closed() || !response.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        response.drainHandler(v -> {
            response.drainHandler(null);
            action.run();
        });
    }

    @Override
    public void close(CloseReason reason) {
        if (response.closed()) {
            return;
        }
        switch (reason) {
            case TOKEN_EXPIRED -> response.end(wrap(TOKEN_EXPIRED));
            // Draining: ask for a quick reconnect (it will reach another node), spread over a second
            // so a node's clients do not all land on the others at the same instant.
            case SHUTDOWN -> response.end(Buffer.buffer(SseFrames.retry(
                    DRAIN_RETRY_MIN_MS + ThreadLocalRandom.current().nextLong(DRAIN_RETRY_SPREAD_MS))));
            // A client that cannot keep up has a full buffer: waiting to flush it would hold the memory
            // we are cutting it off to free. Drop the connection; it resumes from its Last-Event-ID.
            case SLOW_CONSUMER -> response.reset();
            default -> response.end();
        }
    }

    /** The frame's bytes as a Vert.x buffer, without copying them. */
    private static Buffer wrap(Frame frame) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(frame.bytes()));
    }
}
