package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher's edits ({@code PATCH /v1/notifications/{id}}) and retractions
 * ({@code DELETE /v1/notifications/{id}}) over real HTTP on a durable store: they reach every
 * recipient's open streams (a list and a broadcast) and nobody else's, inboxes and counts follow,
 * a resuming stream gets the change in order, bad edits change nothing, and unknown ids are 404.
 * Run once per store by {@link PublisherEditSqliteTest} and {@link PublisherEditPostgresTest}.
 */
abstract class PublisherEditChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void anEditReachesEveryRecipientOfAListAndTheirInboxesShowTheNewVersion() throws Exception {
        String id = hub.publishId("/v1/notifications", "{\"userIds\":[\"edit-a\",\"edit-b\"],\"type\":\"comment\","
                + "\"category\":\"social\",\"title\":\"v1\",\"body\":\"first\",\"tags\":[\"x\"],"
                + "\"data\":{\"n\":1e400,\"z\":-0}}");
        try (TestStream a = hub.stream("edit-a"); TestStream b = hub.stream("edit-b");
             TestStream other = hub.stream("edit-outsider")) {
            HttpResponse<String> r = patch(id, "{\"title\":\"v2\",\"body\":null,\"category\":\"billing\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode edited = TestHub.json(r);
            assertThat(edited.get("id").asText()).isEqualTo(id);
            assertThat(edited.get("type").asText()).isEqualTo("comment");
            assertThat(edited.get("title").asText()).isEqualTo("v2");
            assertThat(edited.get("body").isNull()).isTrue();
            assertThat(edited.get("category").asText()).isEqualTo("billing");
            assertThat(edited.get("tags")).extracting(JsonNode::asText).containsExactly("x");
            assertThat(r.body()).as("data's numbers keep their exact text").contains("\"n\":1e400", "\"z\":-0");
            for (TestStream tab : List.of(a, b)) {
                SseEvent update = tab.collectItems(1, WAIT).get(0);
                assertThat(update.event()).isEqualTo("notification.updated");
                assertThat(update.data()).as("the whole new notification, as the reply").isEqualTo(r.body());
                assertThat(update.id()).isNotEqualTo(id);
            }
            String marker = hub.publishId("/v1/notifications",
                    "{\"userId\":\"edit-outsider\",\"type\":\"t\",\"title\":\"marker\"}");
            assertThat(other.collectItems(1, WAIT).get(0).id()).as("the outsider got nothing else").isEqualTo(marker);
        }
        for (String user : List.of("edit-a", "edit-b")) {
            JsonNode item = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(0);
            assertThat(item.get("id").asText()).isEqualTo(id);
            assertThat(item.get("title").asText()).isEqualTo("v2");
            assertThat(item.get("body").isNull()).isTrue();
            assertThat(item.get("category").asText()).isEqualTo("billing");
            assertThat(ids(user, "?category=social")).as("it moved tab").isEmpty();
            assertThat(ids(user, "?category=billing")).containsExactly(id);
            JsonNode counts = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
            assertThat(counts.get("categories").has("social")).isFalse();
            assertThat(counts.get("categories").get("billing").get("unread").asInt()).isEqualTo(1);
        }
    }

    @Test
    void nullClearsOptionalFieldsAndLeftOutFieldsStay() {
        String id = hub.publishId("/v1/notifications", "{\"userId\":\"edit-clear\",\"type\":\"t\",\"title\":\"keep\","
                + "\"body\":\"b\",\"data\":{\"k\":1},\"actionUrl\":\"/x\",\"priority\":\"high\",\"category\":\"c\","
                + "\"tags\":[\"t1\"],\"actions\":[{\"id\":\"ok\",\"label\":\"OK\"}]}");
        JsonNode cleared = TestHub.json(patch(id, "{\"body\":null,\"data\":null,\"actionUrl\":null,\"priority\":null,"
                + "\"category\":null,\"tags\":null,\"actions\":null}"));
        assertThat(cleared.get("title").asText()).isEqualTo("keep");
        assertThat(cleared.get("body").isNull()).isTrue();
        assertThat(cleared.get("data").isNull()).isTrue();
        assertThat(cleared.get("actionUrl").isNull()).isTrue();
        assertThat(cleared.get("priority").asText()).isEqualTo("normal");
        assertThat(cleared.get("category").isNull()).isTrue();
        assertThat(cleared.get("tags")).isEmpty();
        assertThat(cleared.get("actions")).isEmpty();
        assertThat(ids("edit-clear", "?tag=t1")).as("the tag filter reads the new version").isEmpty();
        patch(id, "{\"tags\":[\"t2\"]}");
        assertThat(ids("edit-clear", "?tag=t2")).containsExactly(id);
        JsonNode again = TestHub.json(patch(id, "{\"actions\":[{\"id\":\"go\",\"label\":\"Go\",\"url\":\"/go\"}]}"));
        assertThat(again.get("actions").get(0).get("url").asText()).isEqualTo("/go");
        assertThat(again.get("priority").asText()).as("left out, so kept").isEqualTo("normal");
    }

    @Test
    void aRetractionReachesEveryRecipientAndLeavesTheirInboxesAndCounts() throws Exception {
        String keep = hub.publishId("/v1/notifications", "{\"userIds\":[\"ret-a\",\"ret-b\"],\"type\":\"t\",\"title\":\"stays\"}");
        String id = hub.publishId("/v1/notifications", "{\"userIds\":[\"ret-a\",\"ret-b\"],\"type\":\"t\","
                + "\"category\":\"social\",\"title\":\"secret\"}");
        try (TestStream a = hub.stream("ret-a"); TestStream b = hub.stream("ret-b");
             TestStream other = hub.stream("ret-outsider")) {
            assertThat(retract(id).statusCode()).isEqualTo(204);
            for (TestStream tab : List.of(a, b)) {
                SseEvent deleted = tab.collectItems(1, WAIT).get(0);
                assertThat(deleted.event()).isEqualTo("notification.deleted");
                assertThat(deleted.data()).isEqualTo("{\"id\":\"" + id + "\",\"notificationId\":\"" + id + "\",\"retracted\":true}");
            }
            // Idempotent: 204 again, and no second event (the marker is the next item).
            assertThat(retract(id).statusCode()).isEqualTo(204);
            String marker = hub.publishId("/v1/notifications", "{\"userIds\":[\"ret-a\",\"ret-outsider\"],"
                    + "\"type\":\"t\",\"title\":\"marker\"}");
            assertThat(a.collectItems(1, WAIT).get(0).id()).isEqualTo(marker);
            assertThat(other.collectItems(1, WAIT).get(0).id()).as("the outsider got nothing else").isEqualTo(marker);
        }
        assertThat(ids("ret-b", "")).containsExactly(keep);
        JsonNode counts = TestHub.json(hub.asUser("ret-b", "GET", "/v1/me/notifications/counts", null));
        assertThat(counts.get("total").asInt()).isEqualTo(1);
        assertThat(counts.get("unread").asInt()).isEqualTo(1);
        assertThat(counts.get("categories").has("social")).isFalse();
        assertThat(hub.asUser("ret-b", "POST", "/v1/me/notifications/" + id + "/read", null).statusCode())
                .as("the user can no longer act on it").isEqualTo(404);
        assertNotFound(patch(id, "{\"title\":\"back\"}"));
    }

    @Test
    void aStreamResumingFromBeforeTheChangeGetsItInOrder() throws Exception {
        String user = "edit-resume";
        String before = notify(user, "before");
        String id = notify(user, "v1");
        JsonNode v2 = TestHub.json(patch(id, "{\"title\":\"v2\"}"));
        JsonNode v3 = TestHub.json(patch(id, "{\"body\":\"v3 body\"}"));
        assertThat(v3.get("title").asText()).as("each edit builds on the one before").isEqualTo("v2");
        try (TestStream resumed = hub.stream(user, "", before)) {
            List<SseEvent> items = resumed.collectItems(3, WAIT);
            assertThat(items).extracting(SseEvent::event)
                    .containsExactly("notification", "notification.updated", "notification.updated");
            assertThat(items.get(0).id()).isEqualTo(id);
            assertThat(TestHub.json(items.get(0).data()).get("body").asText())
                    .as("the stored notification is the newest version").isEqualTo("v3 body");
            assertThat(TestHub.json(items.get(1).data())).isEqualTo(v2);
            assertThat(TestHub.json(items.get(2).data())).isEqualTo(v3);
        }
        assertThat(retract(id).statusCode()).isEqualTo(204);
        String after = notify(user, "after");
        try (TestStream resumed = hub.stream(user, "", before)) {
            List<SseEvent> items = resumed.itemsThrough(after, WAIT);
            assertThat(items).as("the retraction alone: neither the notification nor its updates, with their text")
                    .extracting(SseEvent::event).containsExactly("notification.deleted", "notification");
            assertThat(items.get(0).data()).isEqualTo("{\"id\":\"" + id + "\",\"notificationId\":\"" + id + "\",\"retracted\":true}");
        }
    }

    @Test
    void concurrentEditsApplyInLogOrderAndEachUpdateCarriesTheVersionItMade() throws Exception {
        String user = "edit-race";
        String id = notify(user, "v0");
        int perClient = 15;
        try (TestStream tab = hub.stream(user)) {
            java.util.Map<String, String> replies = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (String field : List.of("title", "body")) {
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < perClient; i++) {
                            HttpResponse<String> r = patch(id, "{\"" + field + "\":\"" + field + " " + i + "\"}");
                            assertThat(r.statusCode()).isEqualTo(200);
                            replies.put(field + " " + i, r.body());
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            List<SseEvent> updates = tab.collectItems(2 * perClient, WAIT);
            assertThat(updates).extracting(SseEvent::event).containsOnly("notification.updated");
            assertThat(updates).extracting(SseEvent::data).as("each update is exactly its edit's reply")
                    .containsExactlyInAnyOrderElementsOf(replies.values());
            // In log order, each version keeps the other client's latest field: nothing is lost.
            String title = "v0";
            String body = null;
            for (SseEvent update : updates) {
                JsonNode v = TestHub.json(update.data());
                String newBody = v.get("body").isNull() ? null : v.get("body").asText();
                assertThat(v.get("title").asText().equals(title) || java.util.Objects.equals(newBody, body))
                        .as("one field changed per version: %s", update.data()).isTrue();
                title = v.get("title").asText();
                body = newBody;
            }
            assertThat(title).isEqualTo("title " + (perClient - 1));
            assertThat(body).isEqualTo("body " + (perClient - 1));
            JsonNode stored = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(0);
            assertThat(TestHub.json(updates.get(updates.size() - 1).data()))
                    .as("the inbox shows the last version in log order").isEqualTo(withoutState(stored));
        }
    }

    @Test
    void updatesAndRetractionsReachEvenAUserWhoMutesTheType() throws Exception {
        String user = "edit-muted";
        assertThat(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"quiet\"]}").statusCode())
                .isEqualTo(200);
        String id = hub.publishId("/v1/notifications", "{\"userId\":\"edit-muted\",\"type\":\"quiet\",\"title\":\"v1\"}");
        try (TestStream tab = hub.stream(user)) {
            patch(id, "{\"title\":\"v2\"}");
            assertThat(retract(id).statusCode()).isEqualTo(204);
            assertThat(tab.collectItems(2, WAIT)).extracting(SseEvent::event)
                    .containsExactly("notification.updated", "notification.deleted");
        }
    }

    @Test
    void badEditsAreRefusedAndChangeNothing() throws Exception {
        String user = "edit-bad";
        String id = hub.publishId("/v1/notifications",
                "{\"userId\":\"edit-bad\",\"type\":\"t\",\"title\":\"original\",\"tags\":[\"a\"]}");
        try (TestStream tab = hub.stream(user)) {
            for (String body : List.of("{}", "{\"titel\":\"x\"}", "{\"type\":\"other\"}", "{\"userId\":\"x\"}",
                    "{\"ttlSeconds\":5}", "{\"title\":\"\"}", "{\"title\":null}", "{\"title\":\"ok\",\"tags\":\"a\"}",
                    "{\"priority\":\"loud\"}", "{\"actionUrl\":\"javascript:alert(1)\"}", "{\"category\":\"no spaces\"}",
                    "{\"data\":[1]}", "{\"tags\":[\"a\",\"a\"]}", "{\"actions\":[{\"id\":\"x\"}]}", "[]")) {
                HttpResponse<String> r = patch(id, body);
                assertThat(r.statusCode()).as(body).isEqualTo(422);
                assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("validation_failed");
            }
            HttpResponse<String> malformed = patch(id, "{\"title\":");
            assertThat(malformed.statusCode()).isEqualTo(400);
            String marker = notify(user, "marker");
            assertThat(tab.collectItems(1, WAIT).get(0).id()).as("no update was sent").isEqualTo(marker);
        }
        JsonNode item = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(1);
        assertThat(item.get("id").asText()).isEqualTo(id);
        assertThat(item.get("title").asText()).isEqualTo("original");
        assertThat(item.get("tags")).extracting(JsonNode::asText).containsExactly("a");
    }

    @Test
    void unknownIdsEventsAndSyncItemsAreNotFound() {
        String event = hub.publishId("/v1/events", "{\"userId\":\"edit-404\",\"event\":\"score.updated\",\"data\":1}");
        String mine = notify("edit-404", "n");
        hub.asUser("edit-404", "POST", "/v1/me/notifications/" + mine + "/read", null);
        String epoch = mine.substring(0, mine.indexOf('-'));
        for (String id : List.of("garbage", "zzzzzzzzzz-1", epoch + "-99999999", event)) {
            assertNotFound(patch(id, "{\"title\":\"x\"}"));
            assertNotFound(retract(id));
        }
        HttpResponse<String> noKey = hub.send(HttpRequest.newBuilder(hub.uri("/v1/notifications/" + mine))
                .DELETE().build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(ids("edit-404", "")).containsExactly(mine);
    }

    @Test
    void noApplicationCanFakeAnEdit() {
        HttpResponse<String> r = hub.post("/v1/events",
                "{\"userId\":\"edit-fake\",\"event\":\"notification.updated\",\"data\":{\"title\":\"fake\"}}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("validation_failed");
    }

    @Test
    void aBroadcastEditAndRetractionReachEveryone() throws Exception {
        // Its own hub: a broadcast reaches every user, so it would show up in the other tests' streams.
        try (TestHub own = TestHub.start(store());
             TestStream a = own.stream("bc-a"); TestStream b = own.stream("bc-b")) {
            String id = own.publishId("/v1/notifications", "{\"broadcast\":true,\"type\":\"t\",\"title\":\"all\"}");
            for (TestStream tab : List.of(a, b)) {
                assertThat(tab.collectItems(1, WAIT).get(0).id()).isEqualTo(id);
            }
            HttpResponse<String> r = send(own, "PATCH", id, "{\"title\":\"all, edited\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            for (TestStream tab : List.of(a, b)) {
                SseEvent update = tab.collectItems(1, WAIT).get(0);
                assertThat(update.event()).isEqualTo("notification.updated");
                assertThat(update.data()).isEqualTo(r.body());
            }
            JsonNode page = TestHub.json(own.asUser("bc-c", "GET", "/v1/me/notifications", null));
            assertThat(page.get("items").get(0).get("title").asText()).isEqualTo("all, edited");
            assertThat(send(own, "DELETE", id, null).statusCode()).isEqualTo(204);
            for (TestStream tab : List.of(a, b)) {
                assertThat(tab.collectItems(1, WAIT).get(0).data()).isEqualTo("{\"id\":\"" + id + "\",\"notificationId\":\"" + id + "\",\"retracted\":true}");
            }
            assertThat(TestHub.json(own.asUser("bc-c", "GET", "/v1/me/notifications", null)).get("items")).isEmpty();
            assertThat(TestHub.json(own.asUser("bc-a", "GET", "/v1/me/notifications/counts", null)).get("total").asInt())
                    .isZero();
        }
    }

    private HttpResponse<String> patch(String id, String json) {
        return send(hub, "PATCH", id, json);
    }

    private HttpResponse<String> retract(String id) {
        return send(hub, "DELETE", id, null);
    }

    private static HttpResponse<String> send(TestHub to, String method, String id, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(to.uri("/v1/notifications/" + id))
                .header("Authorization", "Bearer " + TestHub.API_KEY);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return to.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** An inbox entry without the user's state: the notification as the stream delivers it. */
    private static JsonNode withoutState(JsonNode entry) {
        com.fasterxml.jackson.databind.node.ObjectNode n = entry.deepCopy();
        n.remove(List.of("read", "readAt", "seenAt", "archivedAt", "actedAt", "actionId"));
        return n;
    }
}
