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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher's edit and retraction on one node of a three-node cluster (one PostgreSQL, one Redis)
 * reach the recipients' streams on the other nodes, in log order after the notification, and every
 * node's inbox shows the change; a stream resuming on another node gets the change too.
 */
@RequiresPostgres
@RequiresRedis
class ClusterPublisherEditTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster(3, Map.of());

    @Test
    void anEditAndARetractionOnOneNodeReachStreamsAndInboxesOnTheOthers() throws Exception {
        String id;
        String updateId;
        try (TestStream onTwo = cluster.node(1).stream("cl-edit-a"); TestStream onThree = cluster.node(2).stream("cl-edit-b");
             TestStream outsider = cluster.node(2).stream("cl-edit-outsider")) {
            id = cluster.node(0).publishId("/v1/notifications",
                    "{\"userIds\":[\"cl-edit-a\",\"cl-edit-b\"],\"type\":\"t\",\"category\":\"social\",\"title\":\"v1\"}");
            for (TestStream s : List.of(onTwo, onThree)) {
                assertThat(s.collectItems(1, WAIT).get(0).id()).isEqualTo(id);
            }

            HttpResponse<String> edited = send(cluster.node(0), "PATCH", id, "{\"title\":\"v2\",\"category\":\"billing\"}");
            assertThat(edited.statusCode()).isEqualTo(200);
            updateId = null;
            for (TestStream s : List.of(onTwo, onThree)) {
                SseEvent update = s.collectItems(1, WAIT).get(0);
                assertThat(update.event()).isEqualTo("notification.updated");
                assertThat(update.data()).isEqualTo(edited.body());
                updateId = update.id();
            }
            for (TestHub node : List.of(cluster.node(1), cluster.node(2))) {
                JsonNode item = TestHub.json(node.asUser("cl-edit-b", "GET", "/v1/me/notifications", null))
                        .get("items").get(0);
                assertThat(item.get("title").asText()).isEqualTo("v2");
                assertThat(item.get("category").asText()).isEqualTo("billing");
            }

            assertThat(send(cluster.node(0), "DELETE", id, null).statusCode()).isEqualTo(204);
            for (TestStream s : List.of(onTwo, onThree)) {
                SseEvent deleted = s.collectItems(1, WAIT).get(0);
                assertThat(deleted.event()).isEqualTo("notification.deleted");
                assertThat(deleted.data()).isEqualTo("{\"id\":\"" + id + "\",\"notificationId\":\"" + id + "\",\"retracted\":true}");
            }
            String marker = cluster.node(1).publishId("/v1/notifications",
                    "{\"userId\":\"cl-edit-outsider\",\"type\":\"t\",\"title\":\"marker\"}");
            assertThat(outsider.collectItems(1, WAIT).get(0).id()).as("the outsider got nothing else").isEqualTo(marker);
        }
        for (TestHub node : cluster.nodes()) {
            assertThat(TestHub.json(node.asUser("cl-edit-a", "GET", "/v1/me/notifications", null)).get("items"))
                    .as("gone from every node's inbox").isEmpty();
            assertThat(TestHub.json(node.asUser("cl-edit-a", "GET", "/v1/me/notifications/counts", null))
                    .get("total").asInt()).isZero();
        }
        // Resuming on another node from the notification itself: only the retraction (its update went with it).
        try (TestStream resumed = cluster.node(2).stream("cl-edit-a", "", id)) {
            SseEvent first = resumed.collectItems(1, WAIT).get(0);
            assertThat(first.event()).isEqualTo("notification.deleted");
            assertThat(first.id()).isNotEqualTo(updateId);
        }
    }

    @Test
    void aBroadcastEditReachesEveryNode() throws Exception {
        try (TestStream one = cluster.node(0).stream("cl-bc-a"); TestStream two = cluster.node(1).stream("cl-bc-b");
             TestStream three = cluster.node(2).stream("cl-bc-c")) {
            String id = cluster.node(2).publishId("/v1/notifications", "{\"broadcast\":true,\"type\":\"t\",\"title\":\"all\"}");
            HttpResponse<String> edited = send(cluster.node(2), "PATCH", id, "{\"body\":\"now with a body\"}");
            assertThat(edited.statusCode()).isEqualTo(200);
            for (TestStream s : List.of(one, two, three)) {
                List<SseEvent> got = s.collectItems(2, WAIT);
                assertThat(got).extracting(SseEvent::event).containsExactly("notification", "notification.updated");
                assertThat(got.get(1).data()).isEqualTo(edited.body());
            }
            assertThat(send(cluster.node(1), "DELETE", id, null).statusCode()).isEqualTo(204);
            for (TestStream s : List.of(one, two, three)) {
                assertThat(s.collectItems(1, WAIT).get(0).event()).isEqualTo("notification.deleted");
            }
        }
    }

    private static HttpResponse<String> send(TestHub node, String method, String id, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri("/v1/notifications/" + id))
                .header("Authorization", "Bearer " + TestHub.API_KEY);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return node.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
