package dev.herald.server.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/** A fresh topic of n partitions (and its {@code .dead} topic) on a {@link KafkaBroker}, and a fresh consumer group. */
final class KafkaFixture implements IngestFixture {
    private final KafkaBroker broker;
    private final String topic;
    private final String group;
    private final List<String> partitions = new ArrayList<>();
    private final KafkaProducer<String, String> producer;
    /** Nodes given this fixture's settings so far (each asks for {@link #env()} once). */
    private final AtomicInteger nodes = new AtomicInteger();

    KafkaFixture(KafkaBroker broker, String topic, int partitions) throws Exception {
        this.broker = broker;
        this.topic = topic;
        this.group = "herald-" + topic;
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + ".dead", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, List.of(topic, topic + ".dead"));
        }
        for (int i = 0; i < partitions; i++) {
            this.partitions.add(topic + "/" + i);
        }
        // One request in flight per connection: when the first batches to a new partition are refused
        // (NOT_LEADER_OR_FOLLOWER while the broker takes over the partition), the idempotent producer
        // retries them in order. With five in flight, the later batches came back out of sequence and
        // a loaded run saw the producer retry them for good (a send that never completed in 30 s).
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(), new StringSerializer());
    }

    /** Created is not yet writable: waits until every partition of the new topics has its leader. */
    private static void awaitLeaders(Admin admin, List<String> topics) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())));
    }

    /**
     * The node's settings, with a 4 s session timeout instead of 10 s: the tests that kill a node wait
     * that long for its partitions to move, and heartbeats (a third of it) tell members of a
     * rebalance sooner. Still far above what a loaded machine delays a heartbeat by.
     */
    @Override
    public Map<String, String> env() {
        nodes.incrementAndGet();
        return Map.of("HERALD_INGEST_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "HERALD_INGEST_KAFKA_TOPICS", topic, "HERALD_INGEST_KAFKA_GROUP", group,
                "HERALD_INGEST_KAFKA_SESSION_TIMEOUT_MS", "4000");
    }

    @Override
    public List<String> partitions() {
        return partitions;
    }

    @Override
    public void send(String partition, List<String> bodies) throws Exception {
        awaitConsumersInPlace();
        int p = Integer.parseInt(partition.substring(partition.lastIndexOf('/') + 1));
        List<Future<?>> sent = new ArrayList<>();
        for (String body : bodies) {
            // The idempotent producer keeps these in order even when a send is retried.
            sent.add(producer.send(new ProducerRecord<>(topic, p, partition, body)));
        }
        for (Future<?> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Kafka has transactions: a record written in an aborted one must publish nothing (the source reads
     * {@code read_committed}), like a rolled-back outbox row.
     */
    @Override
    public boolean sendRolledBack(String partition, String body) throws Exception {
        int p = Integer.parseInt(partition.substring(partition.lastIndexOf('/') + 1));
        try (KafkaProducer<String, String> tx = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rollback-" + topic),
                new StringSerializer(), new StringSerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, p, partition, body)).get(30, TimeUnit.SECONDS);
            tx.abortTransaction();
        }
        return true;
    }

    /**
     * A node says it is listening before its consumer has joined the group (a join takes a few seconds
     * of heartbeats and rebalance rounds): messages sent in between all go to the node that joined
     * first. Like a backend whose consumers are already running, sends wait until every node started
     * so far (up to one per partition) has joined and holds partitions.
     */
    private void awaitConsumersInPlace() {
        int expected = Math.min(nodes.get(), partitions.size());
        if (expected == 0) {
            return;
        }
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS);
                int assigned = 0;
                int holding = 0;
                for (MemberDescription m : g.members()) {
                    int n = m.assignment().topicPartitions().size();
                    assigned += n;
                    holding += n > 0 ? 1 : 0;
                }
                return g.groupState() == GroupState.STABLE && holding >= expected && assigned == partitions.size();
            });
        }
    }

    @Override
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        TopicPartition dead = new TopicPartition(topic + ".dead", 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(dead));
            c.seekToBeginning(List.of(dead));
            long end = c.endOffsets(List.of(dead)).get(dead);
            while (c.position(dead) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new DeadLetter(new String(r.value(), StandardCharsets.UTF_8), header(r, "herald-error-code"),
                            header(r, "herald-error-message")));
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String sourceName() {
        return "kafka";
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        try (Admin admin = broker.admin()) {
            admin.deleteTopics(List.of(topic, topic + ".dead")).all().get(30, TimeUnit.SECONDS);
        }
    }
}
