package dev.herald.server.ingest;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh FIFO queue on a real ElasticMQ with its own FIFO redrive queue; the partitions are message
 * groups. Written to as a backend would, with SendMessageBatch.
 */
final class SqsFixture implements IngestFixture {
    static final String ACCESS_KEY = "herald-test";
    static final String SECRET_KEY = "herald-test-secret";

    private final ElasticMqProcess server;
    private final SqsClient sqs;
    private final List<String> partitions = new ArrayList<>();
    private final String queueUrl;
    private final String deadUrl;
    private final List<DeadLetter> dead = new ArrayList<>();

    SqsFixture(ElasticMqProcess server, int partitions, String name) {
        this.server = server;
        this.sqs = client(server.endpoint());
        for (int i = 0; i < partitions; i++) {
            this.partitions.add("g" + i);
        }
        deadUrl = sqs.createQueue(b -> b.queueName(name + "-dead.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String deadArn = sqs.getQueueAttributes(b -> b.queueUrl(deadUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // A high maxReceiveCount: SQS's own redrive must never beat the hub's (see docs/ingest.md).
        queueUrl = sqs.createQueue(b -> b.queueName(name + ".fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadArn + "\",\"maxReceiveCount\":\"100\"}")))
                .queueUrl();
    }

    static SqsClient client(String endpoint) {
        return SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    String queueUrl() {
        return queueUrl;
    }

    /**
     * The node's settings, with received messages invisible for 5 s instead of 12: the tests that kill
     * a node wait that long for its messages to come back. A batch held longer is kept invisible by the
     * node (every 1.7 s here), so this only shortens how long a dead node's messages stay hidden.
     */
    @Override
    public Map<String, String> env() {
        return Map.of("HERALD_INGEST_SQS_QUEUE_URL", queueUrl, "HERALD_INGEST_SQS_ENDPOINT", server.endpoint(),
                "HERALD_INGEST_SQS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_EC2_METADATA_DISABLED", "true",
                "HERALD_INGEST_SQS_VISIBILITY_SECONDS", "5");
    }

    @Override
    public List<String> partitions() {
        return partitions;
    }

    @Override
    public void send(String partition, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i))
                        .messageGroupId(partition).messageDeduplicationId(UUID.randomUUID().toString()).build());
            }
            var r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!r.failed().isEmpty()) {
                throw new IllegalStateException("SendMessageBatch failed: " + r.failed());
            }
        }
    }

    /** Everything the redrive queue received so far (taken off it as read: SQS has no peek). */
    @Override
    public synchronized List<DeadLetter> deadLetters() {
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(deadUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                return List.copyOf(dead);
            }
            for (Message m : got) {
                dead.add(new DeadLetter(m.body(), text(m, "herald-error-code"), text(m, "herald-error-message")));
                sqs.deleteMessage(b -> b.queueUrl(deadUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static String text(Message m, String attribute) {
        MessageAttributeValue v = m.messageAttributes().get(attribute);
        return v == null ? null : v.stringValue();
    }

    @Override
    public String sourceName() {
        return "sqs";
    }

    @Override
    public void close() {
        try {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
            sqs.deleteQueue(b -> b.queueUrl(deadUrl));
        } finally {
            sqs.close();
        }
    }
}
