package dev.herald.ingest.sqs;

import dev.herald.core.ingest.IngestBatches;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One receiving loop: take up to {@link SqsIngestSource#MAX_BATCH} messages (a long poll, then more
 * while the queue has them), publish them, and delete them only once {@link IngestBatches#deliver}
 * settled them all. On a FIFO queue SQS hands a message group to one receive at a time and no more of
 * that group until those are deleted (or visible again), so a group's messages reach the sink in order,
 * one batch of the group in flight at a time, whichever receiver or node takes them.
 */
final class SqsReceiver implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SqsReceiver.class);

    private final SqsIngestSource source;
    private final SqsClient sqs;
    private final SqsQueue queue;
    private final SqsKeeper keeper;
    private final SqsDeadLetters deadLetters;
    private final IngestSink sink;
    private final IngestStats stats;
    /** True while this receiver holds messages: close() lets it settle them. */
    private volatile boolean busy;

    SqsReceiver(SqsIngestSource source, SqsClient sqs, SqsQueue queue, SqsKeeper keeper, IngestSink sink) {
        this.source = source;
        this.sqs = sqs;
        this.queue = queue;
        this.keeper = keeper;
        this.deadLetters = new SqsDeadLetters(sqs, queue);
        this.sink = sink;
        this.stats = source.stats();
    }

    boolean busy() {
        return busy;
    }

    @Override
    public void run() {
        long backoff = 100;
        while (!source.stopped()) {
            List<Message> batch;
            try {
                batch = take();
                backoff = 100;
            } catch (SdkException e) {
                stats.error(IngestStats.SOURCE_UNAVAILABLE, "SQS receive failed: " + e.getMessage());
                if (backoff == 100) {
                    log.warn("ingest sqs: receiving failed, retrying: {}", e.getMessage());
                }
                source.pause(backoff);
                backoff = Math.min(backoff * 2, 5_000);
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            if (source.stopped()) {
                // Taken by a poll that outlived close(): hand them back rather than hide them for the timeout.
                giveBack(batch);
                break;
            }
            try {
                settle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                busy = false;
            }
        }
    }

    /** A long poll, then more receives without waiting while they bring messages and the batch has room. */
    private List<Message> take() {
        List<Message> batch = new ArrayList<>(receive(SqsIngestSource.WAIT_S));
        busy = !batch.isEmpty();
        try {
            while (!batch.isEmpty() && batch.size() + SqsMessages.MAX_ENTRIES <= SqsIngestSource.MAX_BATCH
                    && !source.stopped()) {
                List<Message> more = receive(0);
                if (more.isEmpty()) {
                    break;
                }
                batch.addAll(more);
            }
        } catch (SdkException e) {
            // Publish what was taken; the next receive says again whether SQS is away.
            stats.error(IngestStats.SOURCE_UNAVAILABLE, "SQS receive failed: " + e.getMessage());
        }
        return batch;
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(SqsMessages.MAX_ENTRIES)
                .waitTimeSeconds(waitSeconds).visibilityTimeout(source.visibilitySeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                .messageAttributeNames(SqsIngestSource.KIND_ATTRIBUTE)).messages();
    }

    private void settle(List<Message> batch) throws InterruptedException {
        SqsKeeper.Held held = keeper.hold(batch);
        try {
            List<IngestMessage> messages = new ArrayList<>(batch.size());
            for (Message m : batch) {
                messages.add(toIngest(m));
            }
            if (IngestBatches.deliver(messages, sink, deadLetters, stats, source::stopped)) {
                delete(batch);
            } else {
                giveBack(batch);
            }
        } finally {
            keeper.release(held);
        }
    }

    private IngestMessage toIngest(Message m) {
        String group = queue.fifo() ? m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID) : null;
        MessageAttributeValue kind = m.messageAttributes().get(SqsIngestSource.KIND_ATTRIBUTE);
        return new IngestMessage(group == null ? "" : group, m.messageId(), kind == null ? null : kind.stringValue(),
                m.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes settled messages, retrying while SQS is away; a message it cannot delete comes again, harmlessly. */
    private void delete(List<Message> batch) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                List<Message> failed = SqsMessages.delete(sqs, queue.url(), batch);
                if (!failed.isEmpty()) {
                    log.warn("ingest sqs: {} published messages could not be deleted and will come again (a repeat"
                            + " publishes nothing)", failed.size());
                }
                return;
            } catch (SdkException e) {
                if (source.stopped()) {
                    return;
                }
                stats.error(IngestStats.SOURCE_UNAVAILABLE, "SQS delete failed: " + e.getMessage());
                source.pause(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void giveBack(List<Message> batch) {
        try {
            SqsMessages.changeVisibility(sqs, queue.url(), batch, 0);
        } catch (RuntimeException e) {
            // They come back by themselves when their visibility timeout ends.
        }
    }
}
