package dev.herald.ingest.kafka;

import dev.herald.core.ingest.IngestMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaMessagesTest {

    private static ConsumerRecord<byte[], byte[]> record(long offset, long timestamp, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("orders", 3, offset, timestamp, TimestampType.CREATE_TIME, 0, 0, null, value,
                headers, Optional.empty());
    }

    @Test
    void theKindComesFromTheLastKindHeaderAndThePartitionIsTheTopicPartition() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kind", "event".getBytes(StandardCharsets.UTF_8));
        headers.add("kind", "batch".getBytes(StandardCharsets.UTF_8));
        IngestMessage m = KafkaMessages.of(record(7, 1000, "{}".getBytes(StandardCharsets.UTF_8), headers));
        assertThat(m.kind()).isEqualTo("batch");
        assertThat(m.partition()).isEqualTo("orders/3");
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void withoutAKindHeaderTheBodySays() {
        assertThat(KafkaMessages.of(record(7, 1000, "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders())).kind())
                .isNull();
    }

    @Test
    void theSameOffsetInARecreatedTopicIsAnotherPosition() {
        IngestMessage before = KafkaMessages.of(record(0, 1_000, new byte[0], new RecordHeaders()));
        IngestMessage again = KafkaMessages.of(record(0, 1_000, new byte[0], new RecordHeaders()));
        IngestMessage recreated = KafkaMessages.of(record(0, 2_000, new byte[0], new RecordHeaders()));
        assertThat(before.position()).isEqualTo("orders/3/0@1000").isEqualTo(again.position());
        assertThat(recreated.position()).isNotEqualTo(before.position());
    }

    @Test
    void aTombstoneIsAnEmptyBody() {
        assertThat(KafkaMessages.of(record(1, 1, null, new RecordHeaders())).body()).isEmpty();
    }
}
