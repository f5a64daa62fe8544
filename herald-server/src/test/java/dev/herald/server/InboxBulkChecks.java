package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.http.Json;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk inbox changes and action buttons over real HTTP on a durable store: each bulk call changes
 * only the caller's notifications, counts what changed, and sends one {@code notifications.bulk}
 * with the new counts to every stream of the user; acting keeps the first action and reads the
 * notification; bad input changes nothing. Run once per store by {@link InboxBulkSqliteTest} and
 * {@link InboxBulkPostgresTest}.
 */
abstract class InboxBulkChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void bulkByIdsChangesOnlyTheCallersOwnAndEveryStreamGetsOneSyncEventWithTheCounts() throws Exception {
        String user = "bulk-ids";
        String a = notify(user, "a");
        String b = notify(user, "b");
        String shared = publish("{\"userIds\":[\"bulk-ids\",\"bulk-other\"],\"type\":\"t\",\"title\":\"both\"}");
        String theirs = notify("bulk-other", "theirs");
        String otherDatabase = "zzzzzzzz-" + a.substring(a.lastIndexOf('-') + 1);
        String before = a;
        try (TestStream tab1 = hub.stream(user); TestStream tab2 = hub.stream(user);
             TestStream other = hub.stream("bulk-other")) {
            assertThat(changed(user, "{\"action\":\"read\",\"ids\":[" + quoted(a, b, theirs, otherDatabase, a) + "]}"))
                    .as("a and b; someone else's, another database's and the repeat are skipped").isEqualTo(2);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode d = TestHub.json(tab.awaitEvent("notifications.bulk", WAIT).data());
                assertThat(d.get("action").asText()).isEqualTo("read");
                assertThat(d.get("ids")).extracting(JsonNode::asText).containsExactly(a, b, theirs);
                assertThat(d.get("all").asBoolean()).isFalse();
                assertThat(d.get("filter").isNull()).isTrue();
                assertThat(d.get("changed").asInt()).isEqualTo(2);
                assertThat(d.get("unreadCount").asInt()).isEqualTo(1);
                assertThat(d.get("unseenCount").asInt()).isEqualTo(1);
                assertThat(d.get("createdAt").asText()).matches(TIME);
            }
            JsonNode counts = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
            assertThat(counts.get("unread").asInt()).as("the event's counts are the route's").isEqualTo(1);
            assertThat(counts.get("unseen").asInt()).isEqualTo(1);

            assertThat(changed(user, "{\"action\":\"read\",\"ids\":[" + quoted(a, b) + "]}")).as("already read").isZero();
            assertThat(TestHub.json(tab2.awaitEvent("notifications.bulk", WAIT).data()).get("changed").asInt())
                    .as("a sync event also when nothing changed").isZero();
            assertThat(changed(user, "{\"action\":\"seen\",\"ids\":[" + quoted(a, shared) + "]}")).isEqualTo(1);
            assertThat(changed(user, "{\"action\":\"unread\",\"ids\":[" + quoted(a, shared) + "]}")).isEqualTo(1);
            assertThat(changed(user, "{\"action\":\"archive\",\"ids\":[" + quoted(a, b) + "]}")).isEqualTo(2);
            assertThat(changed(user, "{\"action\":\"unarchive\",\"ids\":[" + quoted(b, shared) + "]}")).isEqualTo(1);
            assertThat(changed(user, "{\"action\":\"delete\",\"ids\":[" + quoted(b, theirs) + "]}")).isEqualTo(1);
            JsonNode last = null;
            for (int i = 0; i < 5; i++) {
                last = TestHub.json(tab2.awaitEvent("notifications.bulk", WAIT).data());
            }
            assertThat(last.get("action").asText()).isEqualTo("delete");
            assertThat(last.get("unreadCount").asInt()).as("only the shared one: a is archived").isEqualTo(1);

            // The other user got no sync event, and their notifications are as they were.
            String marker = notify("bulk-other", "marker");
            assertThat(other.collectItems(1, WAIT).get(0).id()).isEqualTo(marker);
        }
        JsonNode others = TestHub.json(hub.asUser("bulk-other", "GET", "/v1/me/notifications", null));
        assertThat(others.get("unreadCount").asInt()).isEqualTo(3);
        assertThat(others.get("items")).hasSize(3);

        assertThat(ids(user, "")).containsExactly(shared);
        assertThat(ids(user, "?archived=true")).containsExactly(a);
        JsonNode archivedA = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications?archived=true", null))
                .get("items").get(0);
        assertThat(archivedA.get("read").asBoolean()).isFalse();
        assertThat(archivedA.get("seenAt").asText()).as("unread keeps it seen").matches(TIME);

        // A tab resuming from before the changes receives every bulk event, in order.
        try (TestStream resumed = hub.stream(user, "", before)) {
            List<SseEvent> missed = resumed.collectItems(9, WAIT);
            assertThat(missed).extracting(SseEvent::event).containsExactly("notification", "notification",
                    "notifications.bulk", "notifications.bulk", "notifications.bulk", "notifications.bulk",
                    "notifications.bulk", "notifications.bulk", "notifications.bulk");
            assertThat(missed.subList(2, 9)).extracting(e -> TestHub.json(e.data()).get("action").asText())
                    .containsExactly("read", "read", "seen", "unread", "archive", "unarchive", "delete");
        }
    }

    @Test
    void allWithAFilterCoversTheWholeInboxBroadcastsIncludedAndNoOneElses() throws Exception {
        // A hub of its own: the broadcasts would be in every inbox of the shared one.
        try (TestHub own = TestHub.start(store())) {
            String user = "bulk-all";
            List<String> published = new ArrayList<>();
            // 1,200 notifications, half of them broadcasts: several steps of the store's walk.
            for (int batch = 0; batch < 2; batch++) {
                StringBuilder body = new StringBuilder("{\"notifications\":[");
                for (int i = 0; i < 600; i++) {
                    String category = i % 3 == 0 ? "social" : "billing";
                    String target = i % 2 == 0 ? "\"broadcast\":true" : "\"userId\":\"bulk-all\"";
                    body.append(i == 0 ? "" : ",").append("{").append(target).append(",\"type\":\"t\",\"category\":\"")
                            .append(category).append("\",\"title\":\"n").append(batch).append('/').append(i).append("\"}");
                }
                HttpResponse<String> r = own.post("/v1/notifications/batch", body.append("]}").toString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                TestHub.json(r).get("items").forEach(n -> published.add(n.get("id").asText()));
            }
            int social = 400;
            // Archive two social ones first: "all" leaves the archive alone unless asked.
            assertThat(bulk(own, user, "{\"action\":\"archive\",\"ids\":[" + quoted(published.get(0), published.get(3))
                    + "]}").get("changed").asInt()).isEqualTo(2);

            try (TestStream tab = own.stream(user)) {
                JsonNode seen = bulk(own, user,
                        "{\"action\":\"seen\",\"all\":true,\"filter\":{\"category\":\"social\"}}");
                assertThat(seen.get("changed").asInt()).isEqualTo(social - 2);
                JsonNode d = TestHub.json(tab.awaitEvent("notifications.bulk", WAIT).data());
                assertThat(d.get("all").asBoolean()).isTrue();
                assertThat(d.get("ids").isNull()).isTrue();
                assertThat(d.get("filter").toString()).isEqualTo("{\"category\":\"social\",\"archived\":false}");
                assertThat(d.get("changed").asInt()).isEqualTo(social - 2);
                assertThat(d.get("unreadCount").asInt()).isEqualTo(1198);
                assertThat(d.get("unseenCount").asInt()).isEqualTo(1198 - (social - 2));

                JsonNode read = bulk(own, user, "{\"action\":\"read\",\"all\":true}");
                assertThat(read.get("changed").asInt()).isEqualTo(1198);
                JsonNode r = TestHub.json(tab.awaitEvent("notifications.bulk", WAIT).data());
                assertThat(r.get("unreadCount").asInt()).isZero();
                assertThat(r.get("unseenCount").asInt()).isZero();
            }
            JsonNode counts = TestHub.json(own.asUser(user, "GET", "/v1/me/notifications/counts", null));
            assertThat(counts.get("unread").asInt()).isZero();
            assertThat(counts.get("total").asInt()).isEqualTo(1198);
            JsonNode archived = TestHub.json(own.asUser(user, "GET", "/v1/me/notifications?archived=true", null));
            assertThat(archived.get("items")).allSatisfy(i -> assertThat(i.get("read").asBoolean())
                    .as("the archive was not read").isFalse());

            // Another user's copies of the broadcasts are untouched.
            JsonNode bystander = TestHub.json(own.asUser("bulk-bystander", "GET", "/v1/me/notifications/counts", null));
            assertThat(bystander.get("unread").asInt()).isEqualTo(600);
            assertThat(bystander.get("unseen").asInt()).isEqualTo(600);

            // "Archive all read" in one category, then unarchive takes the archive by default.
            assertThat(bulk(own, user, "{\"action\":\"archive\",\"all\":true,\"filter\":{\"category\":\"billing\","
                    + "\"read\":true}}").get("changed").asInt()).isEqualTo(800);
            assertThat(TestHub.json(own.asUser(user, "GET", "/v1/me/notifications/counts", null)).get("total").asInt())
                    .isEqualTo(social - 2);
            assertThat(bulk(own, user, "{\"action\":\"unarchive\",\"all\":true,\"filter\":{\"category\":\"social\"}}")
                    .get("changed").asInt()).isEqualTo(2);
            assertThat(bulk(own, user, "{\"action\":\"delete\",\"all\":true,\"filter\":{\"archived\":true}}")
                    .get("changed").asInt()).isEqualTo(800);
            assertThat(TestHub.json(own.asUser(user, "GET", "/v1/me/notifications?archived=true", null)).get("items"))
                    .isEmpty();
            assertThat(TestHub.json(own.asUser("bulk-bystander", "GET", "/v1/me/notifications/counts", null))
                    .get("total").asInt()).as("deleting broadcasts deletes them for this user only").isEqualTo(600);
        }
    }

    @Test
    void badBodiesAre422AndChangeNothing() throws Exception {
        String user = "bulk-bad";
        String a = notify(user, "a");
        List<String> bad = List.of("{\"ids\":[\"" + a + "\"]}",
                "{\"action\":\"explode\",\"ids\":[\"" + a + "\"]}",
                "{\"action\":\"read\"}",
                "{\"action\":\"read\",\"all\":false}",
                "{\"action\":\"read\",\"all\":true,\"ids\":[\"" + a + "\"]}",
                "{\"action\":\"read\",\"all\":\"yes\"}",
                "{\"action\":\"read\",\"ids\":[]}",
                "{\"action\":\"read\",\"ids\":\"" + a + "\"}",
                "{\"action\":\"read\",\"ids\":[\"" + a + "\",\"not an id\"]}",
                "{\"action\":\"read\",\"ids\":[\"" + a + "\",42]}",
                "{\"action\":\"read\",\"ids\":[" + quoted(manyIds(a, 101)) + "]}",
                "{\"action\":\"read\",\"ids\":[\"" + a + "\"],\"filter\":{\"read\":false}}",
                "{\"action\":\"read\",\"all\":true,\"filter\":{\"read\":\"no\"}}",
                "{\"action\":\"read\",\"all\":true,\"filter\":{\"archived\":1}}",
                "{\"action\":\"read\",\"all\":true,\"filter\":{\"category\":\"no spaces\"}}",
                "{\"action\":\"read\",\"all\":true,\"filter\":{\"colour\":\"red\"}}",
                "{\"action\":\"read\",\"all\":true,\"filter\":[]}",
                "{\"action\":\"read\",\"all\":true,\"extra\":1}",
                "[]");
        try (TestStream tab = hub.stream(user)) {
            for (String body : bad) {
                HttpResponse<String> r = hub.asUser(user, "POST", "/v1/me/notifications/bulk", body);
                assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(422);
                assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("validation_failed");
            }
            HttpResponse<String> notJson = hub.asUser(user, "POST", "/v1/me/notifications/bulk", "{\"action\":");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(TestHub.json(notJson).get("error").get("code").asText()).isEqualTo("invalid_json");
            String marker = notify(user, "marker");
            assertThat(tab.collectItems(1, WAIT).get(0).id()).as("no sync event").isEqualTo(marker);
        }
        JsonNode counts = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
        assertThat(counts.get("unread").asInt()).isEqualTo(2);
        assertThat(counts.get("unseen").asInt()).isEqualTo(2);
        for (String reserved : List.of("notification.acted", "notifications.bulk")) {
            HttpResponse<String> r = hub.post("/v1/events", "{\"userId\":\"bulk-bad\",\"event\":\"" + reserved
                    + "\",\"data\":1}");
            assertThat(r.statusCode()).as(reserved + " is the hub's own name").isEqualTo(422);
        }
        // Exactly 100 ids is allowed.
        assertThat(changed(user, "{\"action\":\"read\",\"ids\":[" + quoted(manyIds(a, 100)) + "]}")).isEqualTo(1);
    }

    @Test
    void anActionButtonIsRecordedOnceReadsTheNotificationAndReachesEveryStream() throws Exception {
        String user = "actor";
        String id = publish("{\"userId\":\"actor\",\"type\":\"t\",\"title\":\"invite\",\"actions\":["
                + "{\"id\":\"accept\",\"label\":\"Accept\"},{\"id\":\"decline\",\"label\":\"Decline\",\"url\":\"/no\"}]}");
        String plain = notify(user, "no buttons");
        String theirs = publish("{\"userId\":\"not-the-actor\",\"type\":\"t\",\"title\":\"x\","
                + "\"actions\":[{\"id\":\"accept\",\"label\":\"Accept\"}]}");
        try (TestStream tab1 = hub.stream(user); TestStream tab2 = hub.stream(user)) {
            assertNotFound(act(user, id, "nope"));
            assertNotFound(act(user, plain, "accept"));
            assertNotFound(act(user, theirs, "accept"));
            assertNotFound(act(user, "garbage", "accept"));
            assertNotFound(act(user, id, "%20"));

            assertThat(act(user, id, "accept").statusCode()).isEqualTo(204);
            String actedAt = null;
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode d = TestHub.json(tab.awaitEvent("notification.acted", WAIT).data());
                assertThat(d.get("notificationId").asText()).isEqualTo(id);
                assertThat(d.get("actionId").asText()).isEqualTo("accept");
                assertThat(d.get("actedAt").asText()).matches(TIME);
                assertThat(d.get("readAt").asText()).as("acting reads it").isEqualTo(d.get("actedAt").asText());
                assertThat(d.get("seenAt").asText()).isEqualTo(d.get("actedAt").asText());
                assertThat(d.get("archivedAt").isNull()).isTrue();
                assertThat(d.get("unreadCount").asInt()).isEqualTo(1);
                assertThat(d.get("unseenCount").asInt()).isEqualTo(1);
                actedAt = d.get("actedAt").asText();
            }
            // Idempotent: another of its actions answers 204 and keeps the first.
            assertThat(act(user, id, "decline").statusCode()).isEqualTo(204);
            JsonNode again = TestHub.json(tab2.awaitEvent("notification.acted", WAIT).data());
            assertThat(again.get("actionId").asText()).isEqualTo("accept");
            assertThat(again.get("actedAt").asText()).isEqualTo(actedAt);

            JsonNode item = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(1);
            assertThat(item.get("id").asText()).isEqualTo(id);
            assertThat(item.get("actionId").asText()).isEqualTo("accept");
            assertThat(item.get("actedAt").asText()).isEqualTo(actedAt);
            assertThat(item.get("read").asBoolean()).isTrue();
            JsonNode untouched = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(0);
            assertThat(untouched.get("actedAt").isNull()).isTrue();
            assertThat(untouched.get("actionId").isNull()).isTrue();
        }
        JsonNode theirItem = TestHub.json(hub.asUser("not-the-actor", "GET", "/v1/me/notifications", null))
                .get("items").get(0);
        assertThat(theirItem.get("actedAt").isNull()).isTrue();
        assertThat(theirItem.get("read").asBoolean()).isFalse();
    }

    private HttpResponse<String> act(String user, String id, String actionId) {
        return hub.asUser(user, "POST", "/v1/me/notifications/" + id + "/actions/" + actionId, null);
    }

    private int changed(String user, String body) {
        return bulk(hub, user, body).get("changed").asInt();
    }

    private static JsonNode bulk(TestHub on, String user, String body) {
        HttpResponse<String> r = on.asUser(user, "POST", "/v1/me/notifications/bulk", body);
        assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(200);
        return TestHub.json(r);
    }

    /** {@code n} distinct ids of this hub: {@code first} and ids around it that are in no inbox. */
    private static String[] manyIds(String first, int n) {
        String epoch = first.substring(0, first.lastIndexOf('-'));
        String[] ids = new String[n];
        ids[0] = first;
        for (int i = 1; i < n; i++) {
            ids[i] = epoch + "-" + (900_000_000L + i);
        }
        return ids;
    }

    private static String quoted(String... ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(sb.isEmpty() ? "" : ",").append(Json.string(id));
        }
        return sb.toString();
    }

    private String publish(String json) {
        return hub.publishId("/v1/notifications", json);
    }
}
