package dev.herald.ingest.kafka;

import dev.herald.core.ingest.IngestBatches;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestSource;
import dev.herald.core.ingest.IngestStats;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes Kafka topics as one member of a consumer group: the group shares the partitions among the
 * nodes (a partition has one consumer at a time; a dead node's go to the others once its session times
 * out, {@link #DEFAULT_SESSION_TIMEOUT} unless configured). One thread polls, publishes each partition's records in offset order in batches of up to
 * {@value #MAX_BATCH}, and commits an offset only once every record before it is settled (published
 * durably or set aside on {@code <topic>.dead}). Reads only committed records of transactional
 * producers ({@code read_committed}): an aborted Kafka transaction publishes nothing.
 */
public final class KafkaIngestSource implements IngestSource {
    public static final String NAME = "kafka";
    static final int MAX_BATCH = 500;
    /** How long a dead node holds its partitions: 10 s, against Kafka's default of 45 s. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** Heartbeats at a third of the session timeout, as Kafka advises, and at least every 3 s. */
    private static final long MAX_HEARTBEAT_MS = 3_000;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long LAG_REFRESH_MS = 2_000;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(KafkaIngestSource.class);

    private final String bootstrapServers;
    private final List<String> topics;
    private final String group;
    private final String clientId;
    private final Duration sessionTimeout;
    private final IngestStats stats = new IngestStats(NAME);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long lag = -1;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    // Only the consuming thread touches these.
    private IngestSink sink;
    private KafkaDeadLetters deadLetters;
    /** Offsets settled but not yet committed, by partition: committed after each poll's work, or on revoke. */
    private final Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
    private long lagAt;

    /** @param nodeId names this node's consumer to the brokers (its client id), so logs tell nodes apart */
    public KafkaIngestSource(String bootstrapServers, List<String> topics, String group, String nodeId) {
        this(bootstrapServers, topics, group, nodeId, DEFAULT_SESSION_TIMEOUT);
    }

    /**
     * @param sessionTimeout how long the group waits for a silent member before it gives its partitions to
     *                       the others; the brokers only accept values within their
     *                       {@code group.min/max.session.timeout.ms} (6 s to 30 min by default)
     */
    public KafkaIngestSource(String bootstrapServers, List<String> topics, String group, String nodeId,
                             Duration sessionTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.group = group;
        this.clientId = "herald-" + nodeId;
        this.sessionTimeout = sessionTimeout;
        stats.lagFrom(() -> lag);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IngestStats stats() {
        return stats;
    }

    @Override
    public synchronized void start(IngestSink sink) {
        if (closed.get() || thread != null) {
            throw new IllegalStateException("the Kafka source was started before or is closed");
        }
        this.sink = sink;
        thread = new Thread(this::run, "herald-ingest-kafka");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            if (!open()) {
                return;
            }
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    sourceFailed("polling", e);
                    continue;
                }
                refreshLag();
                if (!records.isEmpty() && !settle(records)) {
                    break;
                }
                commitSettled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("ingest kafka: stopped consuming after an unexpected error", e);
            stats.error(IngestStats.SOURCE_UNAVAILABLE, String.valueOf(e.getMessage()));
        } finally {
            release();
        }
    }

    /** Creates the clients and joins the group, retrying while the configuration cannot be used yet. */
    private boolean open() throws InterruptedException {
        long backoff = 100;
        while (!stopping) {
            try {
                deadLetters = new KafkaDeadLetters(bootstrapServers, clientId);
                consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                consumer.subscribe(topics, new Rebalance());
                return !stopping;
            } catch (KafkaException e) {
                release();
                stats.countRetry(IngestStats.SOURCE_UNAVAILABLE, String.valueOf(e.getMessage()));
                log.warn("ingest kafka: cannot connect to {} yet: {}", bootstrapServers, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
        return false;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets move only after the hub has the records durably (see settle).
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the oldest record: what backends wrote before the hub first ran is published too.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_BATCH));
        // A dead node's partitions pass to the others after the session timeout (Kafka's default is 45 s).
        long sessionMs = sessionTimeout.toMillis();
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionMs));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.min(MAX_HEARTBEAT_MS, sessionMs / 3)));
        // A node joining or leaving moves only the partitions that change hands; the others keep flowing.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return p;
    }

    /**
     * Publishes a poll's records, partition by partition, in offset order. False when the source is
     * stopping: what was not settled is not committed and comes again later.
     */
    private boolean settle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            for (int from = 0; from < list.size(); from += MAX_BATCH) {
                List<ConsumerRecord<byte[], byte[]>> chunk = list.subList(from, Math.min(list.size(), from + MAX_BATCH));
                List<IngestMessage> batch = new ArrayList<>(chunk.size());
                Map<IngestMessage, ConsumerRecord<byte[], byte[]>> origin = new IdentityHashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : chunk) {
                    IngestMessage m = KafkaMessages.of(r);
                    batch.add(m);
                    origin.put(m, r);
                }
                if (!IngestBatches.deliver(batch, sink, (m, code, reason) -> deadLetters.send(origin.get(m), code, reason),
                        stats, () -> stopping)) {
                    return false;
                }
                settled.put(tp, new OffsetAndMetadata(chunk.get(chunk.size() - 1).offset() + 1));
            }
        }
        return true;
    }

    /** Commits what is settled. On failure the records come again (harmless repeats), so it only counts. */
    private void commitSettled() {
        if (settled.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(settled);
        try {
            consumer.commitSync(offsets);
            offsets.forEach(settled::remove);
        } catch (WakeupException e) {
            // Stopping: the loop ends; release() tries once more.
        } catch (KafkaException e) {
            // A rebalance took the partitions, or the broker is away: the next poll sorts it out.
            settled.keySet().retainAll(consumer.assignment());
            stats.error(IngestStats.SOURCE_UNAVAILABLE, "offset commit failed: " + e.getMessage());
            log.info("ingest kafka: offset commit failed, its records may come again (harmlessly): {}", e.getMessage());
        }
    }

    private void refreshLag() {
        long now = System.currentTimeMillis();
        if (now - lagAt < LAG_REFRESH_MS) {
            return;
        }
        lagAt = now;
        long sum = 0;
        boolean unknown = false;
        for (TopicPartition tp : consumer.assignment()) {
            // From the last fetch's high watermark: no request to the broker.
            var l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
            } else {
                unknown = true;
            }
        }
        lag = unknown && sum == 0 ? -1 : sum;
    }

    private void sourceFailed(String doing, KafkaException e) throws InterruptedException {
        stats.countRetry(IngestStats.SOURCE_UNAVAILABLE, doing + ": " + e.getMessage());
        log.warn("ingest kafka: {} failed, trying again: {}", doing, e.getMessage());
        Thread.sleep(1_000);
    }

    /** Commits what is settled on partitions leaving this node, so the next owner starts after them. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Called inside poll or close: no batch is in flight, every settled offset is in `settled`.
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = settled.remove(tp);
                if (o != null) {
                    leaving.put(tp, o);
                }
            }
            if (!leaving.isEmpty()) {
                try {
                    consumer.commitSync(leaving);
                } catch (KafkaException e) {
                    log.info("ingest kafka: commit on handing over failed, records may come again: {}", e.getMessage());
                }
            }
            if (!partitions.isEmpty()) {
                log.info("ingest kafka: handing over {}", names(partitions));
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("ingest kafka: consuming {}", names(partitions));
            }
            lagAt = 0;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Already someone else's: committing now would fail; the new owner repeats them harmlessly.
            partitions.forEach(settled::remove);
            log.info("ingest kafka: lost {} (session expired)", names(partitions));
        }
    }

    private static List<String> names(Collection<TopicPartition> partitions) {
        return partitions.stream().map(KafkaMessages::partition).sorted().toList();
    }

    /** Leaves the group (handing the partitions over at once) and closes the clients. Consumer thread only. */
    private void release() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            try {
                if (!settled.isEmpty()) {
                    c.commitSync(new HashMap<>(settled), Duration.ofSeconds(2));
                }
            } catch (KafkaException e) {
                log.debug("ingest kafka: last commit failed: {}", e.getMessage());
            }
            try {
                c.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                log.debug("ingest kafka: consumer close: {}", e.getMessage());
            }
            consumer = null;
        }
        settled.clear();
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(10_000);
            if (t.isAlive()) {
                // A batch stuck in the sink: abandon it unacknowledged.
                t.interrupt();
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
