package dev.herald.server.ingest;

/** The ingest contract for Redis Streams, against the test Redis (each stream one partition). */
class RedisStreamsIngestIT extends IngestContract {

    @Override
    protected IngestFixture open(int partitions, String testName) {
        return new RedisStreamsFixture(partitions, unique(testName));
    }
}
