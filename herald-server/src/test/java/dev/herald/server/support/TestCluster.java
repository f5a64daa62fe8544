package dev.herald.server.support;

import dev.herald.store.postgres.TestPostgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several hub nodes in this JVM, each with its own port and event loops, sharing one PostgreSQL
 * schema (fresh, dropped at close) and one Redis: a cluster as an operator would run it, minus the
 * separate processes. Node {@code i} has the id {@code n<i>}.
 */
public final class TestCluster implements AutoCloseable {
    private final String schema;
    private final String postgresUrl;
    private final String redisUrl;
    private final Map<String, String> flags;
    private final List<TestHub> nodes = new ArrayList<>();

    private TestCluster(String schema, String postgresUrl, String redisUrl, Map<String, String> flags) {
        this.schema = schema;
        this.postgresUrl = postgresUrl;
        this.redisUrl = redisUrl;
        this.flags = flags;
    }

    /** {@code n} nodes on a fresh schema of the test PostgreSQL and the given Redis. */
    public static TestCluster start(int n, String redisUrl, Map<String, String> flags) {
        String schema = TestPostgres.newSchema();
        return start(n, TestPostgres.urlFor(schema), schema, redisUrl, flags);
    }

    /** {@code n} nodes on any PostgreSQL URL (e.g. a dedicated server) and Redis. */
    public static TestCluster start(int n, String postgresUrl, String schemaToDrop, String redisUrl,
                                    Map<String, String> flags) {
        TestCluster cluster = new TestCluster(schemaToDrop, postgresUrl, redisUrl, flags);
        try {
            for (int i = 0; i < n; i++) {
                cluster.addNode();
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node and returns it. */
    public TestHub addNode() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("--postgres-url", postgresUrl);
        all.put("--redis-url", redisUrl);
        all.put("--node-id", "n" + nodes.size());
        // Cluster mode requires the VAPID keys, the same on every node.
        all.put("--vapid-public-key", TestVapid.PUBLIC_KEY);
        all.put("--vapid-private-key", TestVapid.PRIVATE_KEY);
        all.put("--vapid-subject", TestVapid.SUBJECT);
        all.putAll(flags);
        // SQLITE here only means "TestHub makes no schema of its own": the URL above selects PostgreSQL.
        TestHub node = TestHub.start(TestHub.StoreKind.SQLITE, all);
        nodes.add(node);
        return node;
    }

    public TestHub node(int i) {
        return nodes.get(i);
    }

    public List<TestHub> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        for (TestHub node : nodes) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }
}
