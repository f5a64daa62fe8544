package dev.herald.ingest.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the source needs to know of its queue, read from SQS at start: whether it is FIFO (then its
 * message groups are the partitions) and where its dead letters go (the queue its redrive policy names).
 */
record SqsQueue(String url, boolean fifo, String deadLetterUrl) {
    private static final Pattern TARGET_ARN = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");

    /** Thrown when the queue has no redrive policy: the source then consumes nothing (see docs/ingest.md). */
    static final class NoRedrivePolicy extends RuntimeException {
        NoRedrivePolicy(String url) {
            super("the SQS queue " + url + " has no redrive policy (a dead-letter queue): the hub consumes nothing"
                    + " from it until it has one; see docs/ingest.md");
        }
    }

    static SqsQueue resolve(SqsClient sqs, String url) {
        GetQueueAttributesResponse a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.FIFO_QUEUE, QueueAttributeName.REDRIVE_POLICY));
        boolean fifo = "true".equalsIgnoreCase(a.attributes().get(QueueAttributeName.FIFO_QUEUE));
        String policy = a.attributes().get(QueueAttributeName.REDRIVE_POLICY);
        Matcher m = policy == null ? null : TARGET_ARN.matcher(policy);
        if (m == null || !m.find()) {
            throw new NoRedrivePolicy(url);
        }
        // arn:aws:sqs:<region>:<account>:<queue name>
        String[] arn = m.group(1).split(":");
        if (arn.length < 6) {
            throw new IllegalStateException("the SQS queue " + url + " names an unreadable dead-letter ARN: " + m.group(1));
        }
        String deadLetterUrl = sqs.getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).queueUrl();
        return new SqsQueue(url, fifo, deadLetterUrl);
    }
}
