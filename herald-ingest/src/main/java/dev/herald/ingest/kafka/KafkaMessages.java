package dev.herald.ingest.kafka;

import dev.herald.core.ingest.IngestMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/** How a Kafka record reads as an ingest message: its partition, its position and its kind. */
final class KafkaMessages {
    /** The record header that may carry the message's kind instead of (or agreeing with) the body. */
    static final String KIND_HEADER = "kind";
    private static final byte[] EMPTY = new byte[0];

    private KafkaMessages() {
    }

    static IngestMessage of(ConsumerRecord<byte[], byte[]> record) {
        Header kind = record.headers().lastHeader(KIND_HEADER);
        return new IngestMessage(partition(record.topic(), record.partition()), position(record),
                kind == null || kind.value() == null ? null : new String(kind.value(), StandardCharsets.UTF_8),
                // A tombstone (null value) is no body at all: the sink sets it aside as invalid JSON.
                record.value() == null ? EMPTY : record.value());
    }

    /** Order is kept per topic-partition: {@code <topic>/<partition>}. */
    static String partition(String topic, int partition) {
        return topic + "/" + partition;
    }

    static String partition(TopicPartition tp) {
        return partition(tp.topic(), tp.partition());
    }

    /**
     * {@code <topic>/<partition>/<offset>@<timestamp>}: the offset alone names a record only while its
     * topic lives; a topic deleted and created again counts offsets from 0 anew, and its records' keys
     * would be answered as repeats of the old ones. The record's timestamp, stored with it in the log,
     * is the same on every redelivery and tells the two lives apart.
     */
    static String position(ConsumerRecord<?, ?> record) {
        return partition(record.topic(), record.partition()) + "/" + record.offset() + "@" + record.timestamp();
    }
}
