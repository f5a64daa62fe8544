package dev.herald.ingest.sqs;

import dev.herald.core.ingest.DeadLetters;
import dev.herald.core.ingest.IngestMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Sets a bad message aside in the queue's redrive (dead-letter) queue: its body as it came, with the
 * attributes {@code herald-error-code} and {@code herald-error-message} (and its {@code kind}, if it
 * had one). {@code SendMessage} returns once SQS stored it, so it is durable before the source deletes
 * the original.
 */
final class SqsDeadLetters implements DeadLetters {
    static final String CODE = "herald-error-code";
    static final String MESSAGE = "herald-error-message";
    /** Attribute values count towards the 256 KiB message limit; a reason needs far less. */
    private static final int MAX_REASON = 1000;

    private final SqsClient sqs;
    private final SqsQueue queue;

    SqsDeadLetters(SqsClient sqs, SqsQueue queue) {
        this.sqs = sqs;
        this.queue = queue;
    }

    @Override
    public void deadLetter(IngestMessage message, String code, String reason) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(CODE, text(code));
        attributes.put(MESSAGE, text(reason == null || reason.isEmpty() ? code : reason));
        if (message.kind() != null && !message.kind().isEmpty()) {
            attributes.put(SqsIngestSource.KIND_ATTRIBUTE, text(message.kind()));
        }
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queue.deadLetterUrl())
                .messageBody(new String(message.body(), StandardCharsets.UTF_8)).messageAttributes(attributes);
        if (queue.deadLetterUrl().endsWith(".fifo")) {
            // The original group keeps the dead letters in order; its message id makes a second send of
            // the same message (after a crash before the delete) a duplicate SQS drops.
            send.messageGroupId(message.partition().isEmpty() ? "herald" : message.partition())
                    .messageDeduplicationId(message.position());
        }
        sqs.sendMessage(send.build());
    }

    private static MessageAttributeValue text(String s) {
        String t = s.length() > MAX_REASON ? s.substring(0, MAX_REASON) : s;
        // SQS accepts only XML characters in attribute values: anything else becomes '?'.
        StringBuilder clean = new StringBuilder(t.length());
        t.codePoints().forEach(c -> clean.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : '?'));
        return MessageAttributeValue.builder().dataType("String").stringValue(clean.toString()).build();
    }
}
