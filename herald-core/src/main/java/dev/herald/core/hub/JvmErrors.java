package dev.herald.core.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM errors ({@link OutOfMemoryError}, {@link StackOverflowError}, ...) this node has hit while
 * serving. They are not failures of the store or of a client, so they are reported as what they are:
 * logged at ERROR once per type (an exhausted heap fails many allocations at once, and one stack
 * trace says it), and kept until the process ends, since the JVM may be left in a state no check can
 * vouch for. {@code /health} lists them and says {@code degraded}.
 */
public final class JvmErrors {
    private static final Logger log = LoggerFactory.getLogger(JvmErrors.class);

    /** The first occurrence of each type, by simple class name, in the order they happened. */
    private final Map<String, String> first = new LinkedHashMap<>();

    /**
     * Records an error caught while doing {@code what} (e.g. "replay for connection x"). Cheap and
     * allocation-light, as it may run while the heap is exhausted.
     */
    public void record(Error error, String what) {
        String type = error.getClass().getSimpleName();
        String reason;
        synchronized (this) {
            if (first.containsKey(type)) {
                log.debug("{} again, in {}", type, what);
                return;
            }
            String message = error.getMessage();
            reason = "jvm: " + type + (message == null || message.isEmpty() ? "" : " (" + message + ")")
                    + " at " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            first.put(type, reason);
        }
        log.error("{} in {}: the node keeps serving, and /health reports degraded until it is restarted",
                type, what, error);
    }

    /** One short line per error type seen, oldest first; empty when there was none. */
    public synchronized List<String> reasons() {
        return new ArrayList<>(first.values());
    }

    /** The failure itself, out of the wrapper a future's callback sees, if it is a JVM error; else null. */
    public static Error asError(Throwable failure) {
        Throwable t = failure;
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof Error e ? e : null;
    }
}
