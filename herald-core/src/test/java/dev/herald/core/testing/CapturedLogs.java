package dev.herald.core.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What a logger (and the ones below it) logs while this is open; closing detaches it. */
public final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    public static CapturedLogs of(Class<?> type) {
        return new CapturedLogs((Logger) LoggerFactory.getLogger(type));
    }

    /** Everything logged, by any logger. */
    public static CapturedLogs all() {
        return new CapturedLogs((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    /**
     * The events so far, in order: a copy, safe to read while other threads log (the appender
     * appends under its own lock, which this takes too).
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
