package dev.herald.core.ingest;

import java.util.Objects;

/**
 * One message taken from an ingest source, not yet acknowledged to it.
 *
 * @param partition where order is kept: an outbox partition key, a stream, a Kafka topic-partition, an
 *                  SQS FIFO message group ("" when the source has one order only, or none)
 * @param position  the message's identity in its source (outbox row id, stream entry id,
 *                  topic/partition/offset, SQS message id): stable across redeliveries, so the
 *                  idempotency key derived from it makes a redelivery harmless
 * @param kind      {@code notification}, {@code batch} or {@code event} when the source carries it
 *                  beside the body (a column, a header, an attribute), else null: then the body's
 *                  {@code "kind"} field says
 * @param body      the JSON body, as a {@code POST /v1/notifications}, {@code /batch} or {@code /v1/events}
 *                  body (plus {@code "kind"}); any bytes, validated by the sink
 */
public record IngestMessage(String partition, String position, String kind, byte[] body) {
    public IngestMessage {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(body, "body");
    }
}
