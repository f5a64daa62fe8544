package dev.herald.server.ingest;

import java.util.List;
import java.util.Map;

/**
 * One ingest source under test: a real broker (or database) with a fresh queue, topic, streams or
 * table, how to write to it as a backend would, and how to read what it set aside.
 */
public interface IngestFixture extends AutoCloseable {

    /** A message the source set aside: its body as written, and the error code it was set aside with. */
    record DeadLetter(String body, String code, String message) {
    }

    /** The HERALD_INGEST_* settings (and anything else the node needs, like AWS credentials) that make a node consume it. */
    Map<String, String> env();

    /** The partitions this fixture was opened with: outbox keys, streams, Kafka partitions, FIFO groups. */
    List<String> partitions();

    /** Writes {@code bodies} to {@code partition}, in this order, committed and durable in the source. */
    void send(String partition, List<String> bodies) throws Exception;

    /** What the source's dead-letter place holds, oldest first. */
    List<DeadLetter> deadLetters() throws Exception;

    /**
     * Writes {@code body} inside a transaction that is rolled back, when the source has transactions
     * (the outbox); false when it has none, and the test is skipped.
     */
    default boolean sendRolledBack(String partition, String body) throws Exception {
        return false;
    }

    /** The source's name in /v1/stats and /metrics. */
    String sourceName();

    @Override
    void close() throws Exception;
}
