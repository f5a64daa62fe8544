package dev.herald.server.http;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * One event loop's watch over its connections, so that sockets which send nothing useful cannot
 * use up the node's file descriptors: a new connection must send a complete request head within the
 * header timeout, a connection between requests (or inside a request body) may stay silent for the
 * idle timeout, and at most {@code maxWaiting} connections that have never authenticated may have
 * waited for a request for more than {@link #COUNT_AFTER_MS} at once; past that the one that has
 * waited longest is closed to make room. A request being served (a stream, a publish waiting for the
 * store) is never timed out.
 *
 * <p>Everything here runs on the loop's thread: each loop guards its own connections, with its share
 * of the node's bound.
 */
final class ConnectionGuard {
    static final String HANDLER = "heraldConnectionWatch";
    /**
     * How long a connection may wait for a request before it counts against the bound: a client's
     * head arrives within a round trip, while a burst of new connections may all be accepted before
     * the first of their heads is read.
     */
    static final long COUNT_AFTER_MS = 1000;

    private final HttpServerOptions options;
    private final long headerTimeoutMs;
    private final long idleTimeoutMs;
    private final int maxWaiting;
    /** Unauthenticated connections waiting for a request head, the longest-waiting first. */
    private final LinkedHashSet<ConnectionWatch> waiting = new LinkedHashSet<>();

    ConnectionGuard(HttpServerOptions options, long headerTimeoutMs, long idleTimeoutMs, int maxWaiting) {
        this.options = options;
        this.headerTimeoutMs = headerTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.maxWaiting = Math.max(1, maxWaiting);
    }

    /** Installs the watch and the strict request decoder on a new connection, before it has read a byte. */
    void attach(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        StrictRequestDecoder.install(pipeline, options);
        if (pipeline.get("handler") != null) {
            pipeline.addBefore("handler", HANDLER, new ConnectionWatch(this));
        }
    }

    /** The request's connection has passed authentication: it no longer counts against the bound. */
    static void authenticated(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase base
                && base.channel().pipeline().get(HANDLER) instanceof ConnectionWatch watch) {
            watch.authenticated();
        }
    }

    long headerTimeoutMs() {
        return headerTimeoutMs;
    }

    long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    /** Counts a connection as waiting; if that makes one too many, closes the longest-waiting one. */
    void waiting(ConnectionWatch watch) {
        waiting.remove(watch);
        if (waiting.size() >= maxWaiting) {
            Iterator<ConnectionWatch> oldest = waiting.iterator();
            ConnectionWatch evicted = oldest.next();
            oldest.remove();
            evicted.closeConnection();
        }
        waiting.add(watch);
    }

    void notWaiting(ConnectionWatch watch) {
        waiting.remove(watch);
    }
}
