package dev.herald.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's deadlines, between Netty's HTTP codec and Vert.x: it sees each request head and
 * body chunk as decoded and each response as it is written, so it knows whether the connection is
 * waiting for a request (deadline: the header timeout for a new connection, the idle timeout
 * after a reply), receiving a body (deadline: the idle timeout since the last chunk) or being served
 * (no deadline: streams and requests waiting for the store are never cut).
 */
final class ConnectionWatch extends ChannelDuplexHandler {
    private final ConnectionGuard guard;
    private ChannelHandlerContext ctx;
    private boolean authenticated;
    /** Requests whose reply has not been written yet (more than one only when a client pipelines). */
    private int open;
    private boolean readingBody;
    private long lastBodyNanos;
    private ScheduledFuture<?> deadline;
    private boolean closed;

    ConnectionWatch(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        awaitRequest(guard.headerTimeoutMs());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            open++;
            cancelDeadline();
            guard.notWaiting(this);
            readingBody = !(msg instanceof LastHttpContent);
            if (readingBody) {
                bodyArrived();
            }
        } else if (msg instanceof HttpContent && readingBody) {
            if (msg instanceof LastHttpContent) {
                readingBody = false;
                cancelDeadline();
                if (open == 0) {
                    // Answered before its body was in (a refusal): the connection now waits for the next one.
                    awaitRequest(guard.idleTimeoutMs());
                }
            } else {
                bodyArrived();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean informational = msg instanceof HttpResponse r && r.status().code() < 200;
        if (msg instanceof LastHttpContent && !informational && open > 0) {
            open--;
            if (open == 0 && !readingBody) {
                awaitRequest(guard.idleTimeoutMs());
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        forget();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        forget();
    }

    void authenticated() {
        authenticated = true;
        guard.notWaiting(this);
    }

    void closeConnection() {
        if (!closed) {
            closed = true;
            cancelDeadline();
            ctx.close();
        }
    }

    /**
     * Waits for a request head, at most {@code timeoutMs}. An unauthenticated connection counts
     * against the bound only once it has waited {@link ConnectionGuard#COUNT_AFTER_MS} without one:
     * in a burst of new connections many are accepted before the first of their heads is read, and
     * those must not be taken for silent ones.
     */
    private void awaitRequest(long timeoutMs) {
        if (closed) {
            return;
        }
        cancelDeadline();
        long countAfter = ConnectionGuard.COUNT_AFTER_MS;
        if (authenticated || timeoutMs <= countAfter) {
            deadline = ctx.executor().schedule(this::closeConnection, timeoutMs, TimeUnit.MILLISECONDS);
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            deadline = ctx.executor().schedule(this::closeConnection, timeoutMs - countAfter, TimeUnit.MILLISECONDS);
            if (!authenticated) {
                guard.waiting(this);
            }
        }, countAfter, TimeUnit.MILLISECONDS);
    }

    /** One timer for the whole body: it re-arms itself for whatever is left since the last chunk. */
    private void bodyArrived() {
        lastBodyNanos = System.nanoTime();
        if (deadline == null) {
            armBodyDeadline(guard.idleTimeoutMs());
        }
    }

    private void armBodyDeadline(long delayMs) {
        deadline = ctx.executor().schedule(() -> {
            deadline = null;
            if (!readingBody) {
                return;
            }
            long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBodyNanos);
            if (silentMs >= guard.idleTimeoutMs()) {
                closeConnection();
            } else {
                armBodyDeadline(guard.idleTimeoutMs() - silentMs);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void forget() {
        closed = true;
        cancelDeadline();
        guard.notWaiting(this);
    }
}
