package dev.herald.core.ingest;

/** A source's place for messages that can never be published; see {@link IngestBatches}. */
@FunctionalInterface
public interface DeadLetters {
    /** Stores the message with the reason, durably, before returning: it is acknowledged right after. */
    void deadLetter(IngestMessage message, String code, String reason) throws Exception;
}
