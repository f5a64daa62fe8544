package dev.herald.ingest.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;

/** SQS's batch calls over any number of messages (it takes ten entries per call). */
final class SqsMessages {
    static final int MAX_ENTRIES = 10;

    private SqsMessages() {
    }

    /** Deletes {@code messages}; returns those SQS did not delete (an expired receipt handle, say). */
    static List<Message> delete(SqsClient sqs, String queueUrl, List<Message> messages) {
        List<Message> failed = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += MAX_ENTRIES) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_ENTRIES));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            for (BatchResultErrorEntry e : sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed()) {
                failed.add(chunk.get(Integer.parseInt(e.id())));
            }
        }
        return failed;
    }

    /** Sets how long {@code messages} stay invisible from now: 0 hands them back at once. */
    static void changeVisibility(SqsClient sqs, String queueUrl, List<Message> messages, int seconds) {
        for (int from = 0; from < messages.size(); from += MAX_ENTRIES) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_ENTRIES));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(seconds).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }
}
