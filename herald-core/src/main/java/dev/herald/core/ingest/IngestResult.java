package dev.herald.core.ingest;

import java.util.List;

/** What became of one message: published (durably, or a repeat of an earlier publish), or rejected for good. */
public sealed interface IngestResult {

    /** Durable: the ids of the items it published (a batch message has several). */
    record Published(List<String> ids) implements IngestResult {
    }

    /**
     * Never publishable as it is (invalid JSON, a validation error): goes to the source's dead-letter
     * place with this code (from the error catalogue) and message, and is acknowledged.
     */
    record Rejected(String code, String message) implements IngestResult {
    }
}
