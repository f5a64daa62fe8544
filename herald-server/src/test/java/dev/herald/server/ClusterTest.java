package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestCluster;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on one PostgreSQL and one Redis, each on its own port: one hub. What is published on
 * any node reaches every addressed stream on every node in the same order; ids are valid on every
 * node; stats, presence and the per-user limit are cluster-wide.
 */
@RequiresPostgres
@RequiresRedis
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(3, TestRedis.URL, Map.of("--max-connections-per-user", "3"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String notification(String user, String title) {
        return "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    @Test
    void aNotificationsCategoryTagsAndActionsCrossTheCluster() throws Exception {
        String user = "fields-cluster";
        try (TestStream other = cluster.node(1).stream(user)) {
            String id = cluster.node(0).publishId("/v1/notifications", NotificationFieldsChecks.withFields(user, "far"));
            SseEvent got = other.awaitEvent("notification", WAIT);
            assertThat(got.id()).isEqualTo(id);
            NotificationFieldsChecks.assertFields(TestHub.json(got.data()));
        }
        JsonNode inbox = TestHub.json(cluster.node(2).asUser(user, "GET", "/v1/me/notifications", null));
        NotificationFieldsChecks.assertFields(inbox.get("items").get(0));
        // A category muted through one node is not pushed by another.
        cluster.node(2).asUser(user, "PUT", "/v1/me/preferences", "{\"mutedCategories\":[\"orders\"]}");
        try (TestStream other = cluster.node(1).stream(user)) {
            cluster.node(0).publishId("/v1/notifications", NotificationFieldsChecks.withFields(user, "muted"));
            String shown = cluster.node(0).publishId("/v1/notifications", notification(user, "shown"));
            assertThat(other.awaitEvent("notification", WAIT).id()).isEqualTo(shown);
        }
    }

    @Test
    void publishesOnEveryNodeReachEveryStreamOnEveryNodeInOneOrder() throws Exception {
        String user = "everywhere";
        List<TestStream> streams = new ArrayList<>();
        try (TestStream bystander = cluster.node(1).stream("bystander")) {
            for (TestHub node : cluster.nodes()) {
                streams.add(node.stream(user));
            }
            int perNode = 40;
            Set<String> acknowledged = new ConcurrentSkipListSet<>();
            List<Thread> publishers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                TestHub node = cluster.node(n);
                int publisher = n;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perNode; i++) {
                        String body = i % 10 == 9
                                ? "{\"broadcast\":true,\"type\":\"t\",\"title\":\"all " + publisher + "/" + i + "\"}"
                                : i % 2 == 0 ? notification(user, "p" + publisher + "/" + i)
                                : "{\"userId\":\"" + user + "\",\"event\":\"tick\",\"data\":" + i + "}";
                        acknowledged.add(node.publishId(i % 2 == 0 || i % 10 == 9 ? "/v1/notifications" : "/v1/events", body));
                    }
                }, "publisher-" + n);
                publishers.add(t);
                t.start();
            }
            for (Thread t : publishers) {
                t.join();
            }
            List<List<String>> seen = new ArrayList<>();
            for (TestStream s : streams) {
                List<SseEvent> got = s.collectItems(3 * perNode, WAIT);
                ReplayChecks.assertStrictlyIncreasing(got);
                seen.add(got.stream().map(SseEvent::id).toList());
            }
            assertThat(new ConcurrentSkipListSet<>(seen.get(0))).isEqualTo(acknowledged);
            assertThat(seen.get(1)).isEqualTo(seen.get(0));
            assertThat(seen.get(2)).isEqualTo(seen.get(0));
            for (TestStream s : streams) {
                assertThat(s.next(Duration.ofMillis(300))).as("nothing twice").isNull();
            }
            // Isolation across nodes: the bystander gets the broadcasts and nothing addressed to the user.
            List<SseEvent> theirs = bystander.collectItems(3 * (perNode / 10), WAIT);
            assertThat(theirs).allMatch(e -> e.data().contains("\"title\":\"all "));
            assertThat(bystander.next(Duration.ofMillis(300))).isNull();
        } finally {
            streams.forEach(TestStream::close);
        }
    }

    @Test
    void aClientResumesOnAnotherNodeWithExactlyWhatItMissed() throws Exception {
        String user = "mover";
        String position;
        try (TestStream first = cluster.node(0).stream(user)) {
            cluster.node(0).publishId("/v1/notifications", notification(user, "seen"));
            first.collectItems(1, WAIT);
            position = first.lastEventId();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            missed.add(cluster.node(1 + i % 2).publishId("/v1/notifications", notification(user, "missed " + i)));
        }
        try (TestStream again = cluster.node(2).stream(user, "", position)) {
            List<SseEvent> got = again.collectItems(20, WAIT);
            assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(missed);
            String live = cluster.node(0).publishId("/v1/notifications", notification(user, "live"));
            assertThat(again.collectItems(1, WAIT).get(0).id()).isEqualTo(live);
            assertThat(again.next(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void changesOnEveryNodeKeepTheCountsExactAndEverySyncEventCarriesThem() throws Exception {
        String user = "counts-cluster";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String category = i % 3 == 0 ? "\"social\"" : i % 3 == 1 ? "\"billing\"" : "null";
            ids.add(cluster.node(i % 3).publishId("/v1/notifications", "{\"userId\":\"" + user
                    + "\",\"type\":\"t\",\"category\":" + category + ",\"title\":\"n" + i + "\"}"));
        }
        String[] actions = {"/seen", "/read", "/archive", "/unread"};
        try (TestStream tab = cluster.node(0).stream(user)) {
            for (int i = 0; i < ids.size(); i++) {
                HttpResponse<String> r = cluster.node(i % 3).asUser(user, "POST",
                        "/v1/me/notifications/" + ids.get(i) + actions[i % 4], null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            }
            JsonNode last = null;
            for (SseEvent e : tab.collectItems(ids.size(), WAIT)) {
                last = TestHub.json(e.data());
                assertThat(last.has("counts")).as(e.event()).isTrue();
            }
            JsonNode[] counts = new JsonNode[3];
            for (int n = 0; n < 3; n++) {
                counts[n] = TestHub.json(cluster.node(n).asUser(user, "GET", "/v1/me/notifications/counts", null));
            }
            assertThat(counts[1]).isEqualTo(counts[0]);
            assertThat(counts[2]).isEqualTo(counts[0]);
            assertThat(last.get("counts")).as("the last change's counts are the current ones").isEqualTo(counts[0]);
            // 12 notifications: 3 archived (not counted), 3 read, 3 seen, 3 marked unread on unread ones.
            assertThat(counts[0].get("total").asInt()).isEqualTo(9);
            assertThat(counts[0].get("unread").asInt()).isEqualTo(6);
            assertThat(counts[0].get("unseen").asInt()).isEqualTo(3);
        }
    }

    @Test
    void statsAndPresenceCountEveryNode() throws Exception {
        long publishedBefore = TestHub.json(cluster.node(0).get("/v1/stats")).get("published").asLong();
        try (TestStream a = cluster.node(0).stream("counted");
             TestStream b = cluster.node(1).stream("counted");
             TestStream c = cluster.node(2).stream("counted-too")) {
            cluster.node(1).publishId("/v1/notifications", notification("counted", "x"));
            cluster.node(2).publishId("/v1/notifications", notification("counted", "y"));

            JsonNode presence = TestHub.json(cluster.node(2).get("/v1/users/counted/presence"));
            assertThat(presence.get("connections").asInt()).isEqualTo(2);
            assertThat(presence.get("online").asBoolean()).isTrue();
            assertThat(TestHub.json(cluster.node(0).get("/v1/users/counted-too/presence")).get("connections").asInt())
                    .isEqualTo(1);

            // Other nodes' figures are reported every second.
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = TestHub.json(cluster.node(0).get("/v1/stats"));
                assertThat(stats.get("nodeId").asText()).isEqualTo("n0");
                assertThat(stats.get("clusterViewComplete").asBoolean()).isTrue();
                assertThat(stats.get("connections").asInt()).isGreaterThanOrEqualTo(3);
                assertThat(stats.get("published").asLong()).isEqualTo(publishedBefore + 2);
                List<String> ids = new ArrayList<>();
                stats.get("nodes").forEach(n -> ids.add(n.get("nodeId").asText()));
                assertThat(ids).containsExactly("n0", "n1", "n2");
                assertThat(stats.get("nodes").get(1).get("connections").asInt()).isGreaterThanOrEqualTo(1);
            });
        }
    }

    @Test
    void theLimitPerUserHoldsAcrossNodes() throws Exception {
        String user = "limited";
        try (TestStream a = cluster.node(0).stream(user);
             TestStream b = cluster.node(1).stream(user);
             TestStream c = cluster.node(2).stream(user)) {
            try (TestStream refused = cluster.node(0).open(java.net.http.HttpRequest
                    .newBuilder(cluster.node(0).uri("/v1/stream"))
                    .header("Authorization", "Bearer " + cluster.node(0).token(user)).build())) {
                assertThat(refused.response().statusCode()).isEqualTo(429);
            }
            b.close();
            await().atMost(WAIT).untilAsserted(() -> {
                try (TestStream again = cluster.node(2).open(java.net.http.HttpRequest
                        .newBuilder(cluster.node(2).uri("/v1/stream"))
                        .header("Authorization", "Bearer " + cluster.node(2).token(user)).build())) {
                    assertThat(again.response().statusCode()).isEqualTo(200);
                }
            });
        }
    }

    @Test
    void eachNodeNamesItselfInHealthAndMetrics() {
        HttpResponse<String> health = cluster.node(1).send(java.net.http.HttpRequest
                .newBuilder(cluster.node(1).uri("/health")).build());
        JsonNode h = TestHub.json(health);
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("nodeId").asText()).isEqualTo("n1");
        assertThat(h.get("bus").asText()).isEqualTo("ok");
        assertThat(h.get("store").asText()).isEqualTo("ok");
        assertThat(cluster.node(2).get("/metrics").body()).contains("herald_connections{node=\"n2\"}");
    }
}
