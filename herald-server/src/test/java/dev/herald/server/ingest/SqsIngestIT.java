package dev.herald.server.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ingest contract for SQS: a FIFO queue on a real ElasticMQ, its message groups as partitions. */
class SqsIngestIT extends IngestContract {
    private static ElasticMqProcess elasticMq;

    @BeforeAll
    static void startElasticMq() throws Exception {
        elasticMq = ElasticMqProcess.start();
    }

    @AfterAll
    static void stopElasticMq() throws Exception {
        if (elasticMq != null) {
            elasticMq.close();
        }
    }

    @Override
    protected IngestFixture open(int partitions, String testName) {
        return new SqsFixture(elasticMq, partitions, unique(testName));
    }
}
