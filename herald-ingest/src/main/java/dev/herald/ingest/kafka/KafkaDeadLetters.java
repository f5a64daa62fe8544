package dev.herald.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sets records aside on {@code <topic>.dead}: the same key, value and headers, plus
 * {@code herald-error-code}, {@code herald-error-message} and {@code herald-position} (where it came
 * from). Each write is acknowledged by every in-sync replica before it returns, so the original's
 * offset may be committed right after.
 */
final class KafkaDeadLetters implements AutoCloseable {
    static final String SUFFIX = ".dead";
    static final String CODE_HEADER = "herald-error-code";
    static final String MESSAGE_HEADER = "herald-error-message";
    static final String POSITION_HEADER = "herald-position";

    private final KafkaProducer<byte[], byte[]> producer;

    KafkaDeadLetters(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A dead-letter write that cannot finish fails the batch, which IngestBatches offers again with
        // backoff: bounded waits keep the consumer polling often enough to stay in its group.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes the record to its dead-letter topic and waits until it is replicated. */
    void send(ConsumerRecord<byte[], byte[]> original, String code, String message) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : original.headers()) {
            if (!h.key().startsWith("herald-")) {
                headers.add(h);
            }
        }
        headers.add(CODE_HEADER, utf8(code));
        headers.add(MESSAGE_HEADER, utf8(message));
        headers.add(POSITION_HEADER, utf8(KafkaMessages.position(original)));
        producer.send(new ProducerRecord<>(original.topic() + SUFFIX, null, original.key(), original.value(), headers))
                .get();
    }

    private static byte[] utf8(String s) {
        return String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
