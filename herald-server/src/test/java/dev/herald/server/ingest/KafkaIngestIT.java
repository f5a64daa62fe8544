package dev.herald.server.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ingest contract for Kafka, against a real Kafka 4.1 broker (KRaft) started once for the class;
 * each test has its own topic and consumer group. The cluster test shares 4 partitions between 2 nodes.
 */
class KafkaIngestIT extends IngestContract {
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected IngestFixture open(int partitions, String testName) throws Exception {
        return new KafkaFixture(broker, unique(testName), partitions);
    }
}
