package dev.herald.core.ingest;

/**
 * A queue or table that backends write notifications to, consumed into publishes: a PostgreSQL
 * outbox, Redis Streams, Kafka, SQS.
 *
 * <h2>Contract (checked by the shared ingest contract suite, against a real broker)</h2>
 * <ul>
 *   <li><b>Effect once.</b> A message is acknowledged to its source only after the sink said it is
 *       durable (or dead-lettered it durably). A crash between the two redelivers it, and the
 *       derived idempotency key makes the repeat harmless.</li>
 *   <li><b>Order.</b> Messages of one partition are handed to the sink in source order, and a
 *       message is handed on only after every earlier one of its partition was settled. In a
 *       cluster a partition is consumed by one node at a time; a dead node's partitions pass to
 *       the others.</li>
 *   <li><b>Bad messages</b> go to the source's dead-letter place with the error code and message, are
 *       counted, and never hold up their partition.</li>
 *   <li><b>Backpressure.</b> When the sink refuses, the source keeps its messages, waits and offers
 *       them again; it never drops one.</li>
 *   <li>{@link #close} stops taking messages, lets a batch being published finish or be abandoned
 *       unacknowledged, releases the source's resources and is safe to call twice.</li>
 * </ul>
 */
public interface IngestSource extends AutoCloseable {

    /** The source's name in stats, metrics and logs, like {@code postgres-outbox} or {@code kafka}. */
    String name();

    /** Starts consuming on the source's own threads; returns at once. */
    void start(IngestSink sink);

    /** Counters and state, for /v1/stats, /metrics and the dashboard. */
    IngestStats stats();

    @Override
    void close();
}
