package dev.herald.ingest.sqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the messages a receiver holds invisible to others while they are published (a store outage can
 * take minutes), and keeps a cheap estimate of the queue's lag. Runs on the source's keeper thread.
 */
final class SqsKeeper {
    private static final Logger log = LoggerFactory.getLogger(SqsKeeper.class);
    private static final long LAG_EVERY_MS = 5_000;

    /** Messages one receiver holds, and when their invisibility was last set. */
    static final class Held {
        final List<Message> messages;
        volatile long since = System.currentTimeMillis();

        Held(List<Message> messages) {
            this.messages = messages;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final int visibilitySeconds;
    /** A held batch is made invisible again for the whole visibility timeout once a third of it has passed. */
    private final long extendAfterMs;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private volatile long lag = -1;
    private long lagAt;

    SqsKeeper(SqsClient sqs, String queueUrl, int visibilitySeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilitySeconds = visibilitySeconds;
        this.extendAfterMs = visibilitySeconds * 1000L / 3;
    }

    Held hold(List<Message> messages) {
        Held h = new Held(messages);
        held.add(h);
        return h;
    }

    void release(Held h) {
        held.remove(h);
    }

    /** Visible plus in-flight messages, as SQS last told (approximate by its nature), or -1. */
    long lag() {
        return lag;
    }

    /** Called every second or so; never throws (a failure is tried again on the next tick). */
    void tick() {
        long now = System.currentTimeMillis();
        for (Held h : held) {
            if (now - h.since >= extendAfterMs) {
                try {
                    SqsMessages.changeVisibility(sqs, queueUrl, h.messages, visibilitySeconds);
                    h.since = now;
                } catch (RuntimeException e) {
                    log.warn("ingest sqs: could not keep {} messages invisible: {}", h.messages.size(), e.toString());
                }
            }
        }
        if (now - lagAt >= LAG_EVERY_MS) {
            lagAt = now;
            try {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                lag = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                        + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
            } catch (RuntimeException e) {
                lag = -1;
            }
        }
    }
}
