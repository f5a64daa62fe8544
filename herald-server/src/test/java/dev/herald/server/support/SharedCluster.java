package dev.herald.server.support;

import dev.herald.redis.testing.TestRedis;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Map;

/**
 * A cluster of in-process nodes (one PostgreSQL schema, the test Redis) started once for a test
 * class and closed after it: {@code @RegisterExtension static final SharedCluster cluster = new
 * SharedCluster(3, Map.of());}. The class's {@code @RequiresPostgres}/{@code @RequiresRedis}
 * decide first whether it runs at all.
 */
public final class SharedCluster implements BeforeAllCallback, AfterAllCallback {
    private final int size;
    private final Map<String, String> flags;
    private TestCluster cluster;

    public SharedCluster(int size, Map<String, String> flags) {
        this.size = size;
        this.flags = flags;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = TestCluster.start(size, TestRedis.URL, flags);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public TestHub node(int i) {
        return cluster.node(i);
    }

    public List<TestHub> nodes() {
        return cluster.nodes();
    }
}
