package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.server.support.SharedCluster;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk changes and action buttons in a three-node cluster (one PostgreSQL, one Redis): a change made
 * through one node reaches the user's stream on another as its sync event, and a third node's
 * counts agree with the counts that event carries.
 */
@RequiresPostgres
@RequiresRedis
class ClusterInboxActionsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster(3, Map.of());

    @Test
    void aBulkChangeAndAnActionOnOneNodeReachTheStreamOnAnotherAndTheCountsAgreeOnAThird() throws Exception {
        String user = "cluster-actions";
        String invite = cluster.node(0).publishId("/v1/notifications", "{\"userId\":\"cluster-actions\",\"type\":\"t\","
                + "\"title\":\"invite\",\"actions\":[{\"id\":\"accept\",\"label\":\"Accept\"}]}");
        String a = cluster.node(1).publishId("/v1/notifications",
                "{\"userId\":\"cluster-actions\",\"type\":\"t\",\"category\":\"social\",\"title\":\"a\"}");
        String b = cluster.node(2).publishId("/v1/notifications",
                "{\"userId\":\"cluster-actions\",\"type\":\"t\",\"category\":\"social\",\"title\":\"b\"}");
        cluster.node(0).publishId("/v1/notifications", "{\"userId\":\"cluster-actions\",\"type\":\"t\",\"title\":\"c\"}");
        try (TestStream far = cluster.node(2).stream(user)) {
            HttpResponse<String> bulk = cluster.node(0).asUser(user, "POST", "/v1/me/notifications/bulk",
                    "{\"action\":\"archive\",\"all\":true,\"filter\":{\"category\":\"social\"}}");
            assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
            assertThat(TestHub.json(bulk).get("changed").asInt()).isEqualTo(2);
            JsonNode bulkEvent = TestHub.json(far.awaitEvent("notifications.bulk", WAIT).data());
            assertThat(bulkEvent.get("changed").asInt()).isEqualTo(2);
            assertThat(bulkEvent.get("unreadCount").asInt()).isEqualTo(2);
            assertCountsOnNode1(user, bulkEvent);

            assertThat(cluster.node(0).asUser(user, "POST", "/v1/me/notifications/" + invite + "/actions/accept", null)
                    .statusCode()).isEqualTo(204);
            JsonNode acted = TestHub.json(far.awaitEvent("notification.acted", WAIT).data());
            assertThat(acted.get("notificationId").asText()).isEqualTo(invite);
            assertThat(acted.get("actionId").asText()).isEqualTo("accept");
            assertThat(acted.get("unreadCount").asInt()).isEqualTo(1);
            assertCountsOnNode1(user, acted);
        }
        JsonNode archive = TestHub.json(cluster.node(1).asUser(user, "GET", "/v1/me/notifications?archived=true", null));
        assertThat(archive.get("items")).extracting(n -> n.get("id").asText()).containsExactly(b, a);
        JsonNode inbox = TestHub.json(cluster.node(2).asUser(user, "GET", "/v1/me/notifications", null));
        assertThat(inbox.get("items").get(1).get("actionId").asText()).isEqualTo("accept");
    }

    private static void assertCountsOnNode1(String user, JsonNode event) {
        JsonNode counts = TestHub.json(cluster.node(1).asUser(user, "GET", "/v1/me/notifications/counts", null));
        assertThat(counts.get("unread").asInt()).isEqualTo(event.get("unreadCount").asInt());
        assertThat(counts.get("unseen").asInt()).isEqualTo(event.get("unseenCount").asInt());
    }
}
