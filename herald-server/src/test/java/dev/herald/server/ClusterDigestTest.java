package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.server.support.SharedCluster;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A digest spanning two nodes of a three-node cluster (one PostgreSQL, one Redis): 50 comments
 * published on each of two nodes at once are one inbox item with count 100 on every node, and a
 * stream on the third node gets one {@code notification} and 99 {@code notification.updated}.
 */
@RequiresPostgres
@RequiresRedis
class ClusterDigestTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster(3, Map.of());

    @Test
    void aDigestSpanningTwoNodesCountsEveryCommentOnce() throws Exception {
        String user = "cl-digest";
        List<SseEvent> events;
        try (TestStream onThree = cluster.node(2).stream(user)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int node = 0; node < 2; node++) {
                    TestHub hub = cluster.node(node);
                    int base = node * 50;
                    done.add(CompletableFuture.runAsync(() -> {
                        for (int i = 1; i <= 50; i++) {
                            HttpResponse<String> r = hub.post("/v1/notifications", "{\"userId\":\"" + user + "\","
                                    + "\"type\":\"comment\",\"title\":\"comment " + (base + i) + "\","
                                    + "\"digest\":{\"key\":\"comments:post-42\",\"windowSeconds\":600}}");
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                        }
                    }, threads));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            } finally {
                threads.shutdownNow();
            }
            events = onThree.collectItems(100, WAIT);
        }
        assertThat(events.get(0).event()).isEqualTo("notification");
        String id = events.get(0).id();
        assertThat(events.subList(1, 100)).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("notification.updated");
            assertThat(TestHub.json(e.data()).get("id").asText()).isEqualTo(id);
        });
        assertThat(TestHub.json(events.get(99).data()).get("count").asInt()).isEqualTo(100);
        for (int node = 0; node < 3; node++) {
            TestHub hub = cluster.node(node);
            JsonNode items = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("id").asText()).isEqualTo(id);
            assertThat(items.get(0).get("count").asInt()).isEqualTo(100);
            JsonNode counts = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
            assertThat(counts.get("total").asInt()).isEqualTo(1);
            assertThat(counts.get("unread").asInt()).isEqualTo(1);
        }
    }
}
