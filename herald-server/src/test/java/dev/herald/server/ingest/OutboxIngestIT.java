package dev.herald.server.ingest;

/** The ingest contract for the PostgreSQL outbox, against the local PostgreSQL, rolled-back transaction included. */
class OutboxIngestIT extends IngestContract {
    @Override
    protected IngestFixture open(int partitions, String testName) throws Exception {
        return new OutboxIngestFixture(partitions);
    }
}
