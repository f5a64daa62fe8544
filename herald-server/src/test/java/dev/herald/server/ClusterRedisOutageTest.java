package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RedisServerProcess;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestCluster;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops and comes back (a real redis-server process of the test's own): the nodes keep serving,
 * say they are degraded, reconnect by themselves, and every stream ends up with everything
 * published meanwhile on any node, in order, once.
 */
@RequiresPostgres
@RequiresRedis
class ClusterRedisOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String notification(String title) {
        return "{\"userId\":\"through-outage\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    private static JsonNode health(TestHub node) {
        return TestHub.json(node.send(HttpRequest.newBuilder(node.uri("/health")).build()));
    }

    @Test
    void nodesServeThroughARedisRestartAndEveryStreamCatchesUp() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess();
             TestCluster cluster = TestCluster.start(2, redis.url(), Map.of())) {
            TestHub a = cluster.node(0);
            TestHub b = cluster.node(1);
            try (TestStream onA = a.stream("through-outage"); TestStream onB = b.stream("through-outage")) {
                List<String> acknowledged = new ArrayList<>();
                acknowledged.add(a.publishId("/v1/notifications", notification("before")));
                assertThat(onB.collectItems(1, WAIT).get(0).id()).isEqualTo(acknowledged.get(0));
                assertThat(onA.collectItems(1, WAIT).get(0).id()).isEqualTo(acknowledged.get(0));

                redis.stop();
                for (TestHub node : cluster.nodes()) {
                    await().atMost(WAIT).untilAsserted(() -> {
                        JsonNode h = health(node);
                        assertThat(h.get("status").asText()).isEqualTo("degraded");
                        assertThat(h.get("bus").asText()).isEqualTo("unavailable");
                        assertThat(h.get("store").asText()).isEqualTo("ok");
                    });
                }
                for (int i = 0; i < 10; i++) {
                    acknowledged.add((i % 2 == 0 ? a : b).publishId("/v1/notifications", notification("during " + i)));
                }
                // A node's own streams get its publishes at once, Redis or not.
                List<SseEvent> liveOnA = onA.collectItems(5, WAIT);
                assertThat(liveOnA).extracting(SseEvent::id).isSubsetOf(acknowledged);

                redis.start();
                for (TestHub node : cluster.nodes()) {
                    await().atMost(WAIT).until(() -> health(node).get("status").asText().equals("ok"));
                }
                // Nothing published after the outage reveals a hole: the nodes catch up by themselves.
                List<String> during = acknowledged.subList(1, acknowledged.size());
                List<SseEvent> allOfA = new ArrayList<>(liveOnA);
                allOfA.addAll(onA.collectItems(during.size() - liveOnA.size(), WAIT));
                List<SseEvent> allOfB = onB.collectItems(during.size(), WAIT);
                for (List<SseEvent> got : List.of(allOfA, allOfB)) {
                    ReplayChecks.assertStrictlyIncreasing(got);
                    assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(during);
                }
                // And live fan-out between the nodes works again.
                String after = b.publishId("/v1/notifications", notification("after"));
                assertThat(onA.collectItems(1, WAIT).get(0).id()).isEqualTo(after);
                assertThat(onB.collectItems(1, WAIT).get(0).id()).isEqualTo(after);
                assertThat(onA.next(Duration.ofMillis(300))).as("nothing twice on A").isNull();
                assertThat(onB.next(Duration.ofMillis(300))).as("nothing twice on B").isNull();
            }
        }
    }
}
