package dev.herald.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * While the event loops stop, Vert.x's shared listening socket still accepts for a moment after its
 * last handler loop is gone; Netty then closes each such connection and logs a WARN with a stack
 * trace per connection ("Failed to register an accepted channel"): hundreds of them when a drained
 * node is still being connected to. Nothing is wrong (the client sees its connection closed, as it
 * would a refused one), so during that window they are counted instead, and said once at INFO.
 * Installed on logback itself, so it holds under an operator's own logging configuration too.
 */
final class AcceptsWhileClosing extends TurboFilter {
    static final String NETTY_LOGGER = "io.netty.bootstrap.ServerBootstrap";
    static final String NETTY_MESSAGE = "Failed to register an accepted channel";

    private final AtomicLong closed = new AtomicLong();
    private final LoggerContext context;

    private AcceptsWhileClosing(LoggerContext context) {
        this.context = context;
    }

    /** Starts counting instead of logging; a no-op when logging is not logback. */
    static AcceptsWhileClosing install() {
        LoggerContext context = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
        AcceptsWhileClosing filter = new AcceptsWhileClosing(context);
        if (context != null) {
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
        return filter;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && NETTY_LOGGER.equals(logger.getName()) && format.startsWith(NETTY_MESSAGE)) {
            closed.incrementAndGet();
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** Stops counting; returns how many connections were closed that way. Idempotent. */
    long uninstall() {
        if (context != null) {
            context.getTurboFilterList().remove(this);
        }
        stop();
        return closed.get();
    }
}
