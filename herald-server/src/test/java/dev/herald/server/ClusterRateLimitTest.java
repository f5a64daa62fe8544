package dev.herald.server;

import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.TestCluster;
import dev.herald.server.support.TestHub;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits in cluster mode are counted on Redis: one bucket for every node. */
@RequiresPostgres
@RequiresRedis
class ClusterRateLimitTest {

    @Test
    void inClusterModeEveryNodeSpendsFromTheSameBucket() {
        try (TestCluster cluster = TestCluster.start(2, TestRedis.URL, Map.of("--publish-rate", "4/h",
                "--subscriber-write-rate", "2/h"))) {
            TestHub a = cluster.node(0);
            TestHub b = cluster.node(1);
            assertThat(a.notify("c", "1").statusCode()).isEqualTo(202);
            assertThat(b.notify("c", "2").statusCode()).isEqualTo(202);
            assertThat(a.notify("c", "3").statusCode()).isEqualTo(202);
            assertThat(b.notify("c", "4").statusCode()).isEqualTo(202);
            RateLimitTest.assertRateLimited(a.notify("c", "5"));
            RateLimitTest.assertRateLimited(b.notify("c", "6"));

            assertThat(a.asUser("c", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}").statusCode()).isEqualTo(200);
            assertThat(b.asUser("c", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}").statusCode()).isEqualTo(200);
            RateLimitTest.assertRateLimited(a.asUser("c", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}"));
        }
    }

}
