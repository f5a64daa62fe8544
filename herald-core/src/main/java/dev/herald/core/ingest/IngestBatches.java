package dev.herald.core.ingest;

import dev.herald.core.HeraldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The step every source shares: hand a batch to the sink, dead-letter what it rejects, and only then
 * let the source acknowledge. Blocking: runs on a source's own thread.
 */
public final class IngestBatches {
    private static final Logger log = LoggerFactory.getLogger(IngestBatches.class);
    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;

    private IngestBatches() {
    }

    /**
     * Publishes {@code batch} and dead-letters its rejected messages, retrying with backoff while the
     * sink refuses or a dead-letter write fails. True when every message is settled (the caller then
     * acknowledges the whole batch); false when {@code stopped} turned true first (the caller
     * acknowledges nothing: the messages come again, harmlessly).
     */
    public static boolean deliver(List<IngestMessage> batch, IngestSink sink, DeadLetters deadLetters, IngestStats stats,
                                  BooleanSupplier stopped) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        while (!stopped.getAsBoolean()) {
            try {
                List<IngestResult> results = sink.publish(batch).get();
                for (int i = 0; i < batch.size(); i++) {
                    if (results.get(i) instanceof IngestResult.Rejected r) {
                        deadLetters.deadLetter(batch.get(i), r.code(), r.message());
                        stats.countDeadLettered(r.code(), r.message());
                    }
                }
                stats.countProcessed(batch.size());
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Throwable cause = unwrap(e);
                String code = cause instanceof HeraldException he ? he.code().code() : IngestStats.SOURCE_UNAVAILABLE;
                stats.countRetry(code, String.valueOf(cause.getMessage()));
                if (backoff == FIRST_BACKOFF_MS) {
                    // Once per outage, not per retry: the store says its own outage loudly.
                    log.info("ingest {}: pausing, will offer {} messages again: {}", stats.source(), batch.size(),
                            cause.getMessage());
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
