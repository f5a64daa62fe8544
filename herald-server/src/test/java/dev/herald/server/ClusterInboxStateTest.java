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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seen, read, unread, archive and unarchive in a three-node cluster: a change made through one node
 * reaches the user's streams on the other two with the new counts, every node's list filters and
 * counts agree, and a stream resuming on a third node receives the changes in order.
 */
@RequiresPostgres
@RequiresRedis
class ClusterInboxStateTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster(3, Map.of());

    @Test
    void stateChangedOnOneNodeReachesStreamsOnTheOthersAndEveryNodeCountsTheSame() throws Exception {
        String user = "cluster-state";
        TestHub first = cluster.node(0);
        String social = first.publishId("/v1/notifications",
                "{\"userId\":\"cluster-state\",\"type\":\"t\",\"category\":\"social\",\"title\":\"s\"}");
        String billing = cluster.node(1).publishId("/v1/notifications",
                "{\"userId\":\"cluster-state\",\"type\":\"t\",\"category\":\"billing\",\"title\":\"b\"}");
        // A broadcast: its per-user state must also be the same on every node.
        String everyone = cluster.node(2).publishId("/v1/notifications",
                "{\"broadcast\":true,\"type\":\"t\",\"category\":\"social\",\"title\":\"all\"}");

        String anchor;
        List<String> changes = new ArrayList<>();
        try (TestStream onSecond = cluster.node(1).stream(user); TestStream onThird = cluster.node(2).stream(user)) {
            anchor = onThird.awaitPosition(WAIT);
            change(first, user, social, "seen");
            change(first, user, billing, "archive");
            change(first, user, everyone, "read");
            change(first, user, everyone, "unread");
            change(first, user, billing, "unarchive");
            for (TestStream stream : List.of(onSecond, onThird)) {
                List<SseEvent> got = stream.collectItems(5, WAIT);
                assertThat(got).extracting(SseEvent::event).containsExactly("notification.seen",
                        "notification.archived", "notification.read", "notification.unread", "notification.unarchived");
                JsonNode last = TestHub.json(got.get(4).data());
                assertThat(last.get("notificationId").asText()).isEqualTo(billing);
                assertThat(last.get("unreadCount").asInt()).isEqualTo(3);
                assertThat(last.get("unseenCount").asInt()).isEqualTo(1);
                got.forEach(e -> changes.add(e.id()));
            }
        }
        assertThat(changes.subList(0, 5)).as("one order on every node").isEqualTo(changes.subList(5, 10));

        String expected = "{\"unread\":3,\"unseen\":1,\"total\":3,\"categories\":{"
                + "\"billing\":{\"unread\":1,\"unseen\":1,\"total\":1},"
                + "\"social\":{\"unread\":2,\"unseen\":0,\"total\":2}}}";
        for (TestHub node : cluster.nodes()) {
            assertThat(TestHub.json(node.asUser(user, "GET", "/v1/me/notifications/counts", null)).toString())
                    .isEqualTo(expected);
            assertThat(ids(node, user, "?unseen=true")).containsExactly(billing);
            assertThat(ids(node, user, "?category=social")).containsExactly(everyone, social);
        }
        change(cluster.node(2), user, social, "archive");
        for (TestHub node : cluster.nodes()) {
            assertThat(ids(node, user, "?archived=true")).containsExactly(social);
            assertThat(TestHub.json(node.asUser(user, "GET", "/v1/me/notifications/counts", null))
                    .get("categories").get("social").get("total").asInt()).isEqualTo(1);
        }
        // Another user shares the broadcast, not the state.
        assertThat(TestHub.json(cluster.node(1).asUser("cluster-other", "GET", "/v1/me/notifications/counts", null))
                .get("unseen").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(ids(cluster.node(1), "cluster-other", "?unseen=true")).contains(everyone);

        // A stream resuming on the first node from before the changes gets all of them, in order.
        try (TestStream resumed = first.stream(user, "", anchor)) {
            List<SseEvent> missed = resumed.collectItems(6, WAIT);
            assertThat(missed.subList(0, 5)).extracting(SseEvent::id).isEqualTo(changes.subList(0, 5));
            assertThat(missed.get(5).event()).isEqualTo("notification.archived");
        }
    }

    private static void change(TestHub node, String user, String id, String action) {
        assertThat(node.asUser(user, "POST", "/v1/me/notifications/" + id + "/" + action, null).statusCode())
                .as(action).isEqualTo(204);
    }

    private static List<String> ids(TestHub node, String user, String query) {
        JsonNode items = TestHub.json(node.asUser(user, "GET", "/v1/me/notifications" + query, null)).get("items");
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
