package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox, preferences and idempotency over real HTTP on a durable store: pages, read state,
 * deletes, live sync to every stream of the user, cross-user isolation, muted types, and retries
 * across a restart. Run once per store by {@link InboxApiSqliteTest} and {@link InboxApiPostgresTest}.
 */
abstract class InboxApiChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void theInboxPagesNewestFirstThroughEveryNotificationOnce() {
        String user = "pager";
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            published.add(notify(user, "n" + i));
            hub.publishId("/v1/events", "{\"userId\":\"pager\",\"event\":\"tick\",\"data\":" + i + "}");
            notify("not-pager", "other " + i);
        }
        List<String> newestFirst = new ArrayList<>(published);
        Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            JsonNode page = me(user, "GET", "/v1/me/notifications?limit=10" + (before == null ? "" : "&before=" + before), 200);
            assertThat(page.get("unreadCount").asInt()).isEqualTo(25);
            for (JsonNode item : page.get("items")) {
                seen.add(item.get("id").asText());
                assertThat(item.get("read").asBoolean()).isFalse();
                assertThat(item.get("readAt").isNull()).isTrue();
                assertThat(item.get("type").asText()).isEqualTo("t");
            }
            before = page.get("nextBefore").isNull() ? null : page.get("nextBefore").asText();
            pages++;
        } while (before != null);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);
        JsonNode first = me(user, "GET", "/v1/me/notifications?limit=1", 200).get("items").get(0);
        assertThat(first.get("title").asText()).isEqualTo("n24");
        assertThat(first.get("createdAt").asText()).matches(TIME);

        // The publisher reads the same inbox with its key.
        JsonNode viaKey = TestHub.json(hub.get("/v1/users/pager/notifications?limit=100"));
        assertThat(viaKey.get("items")).extracting(n -> n.get("id").asText()).containsExactlyElementsOf(newestFirst);
        assertThat(viaKey.get("nextBefore").isNull()).isTrue();
    }

    @Test
    void readStateShowsInPagesCountsAndTheUnreadFilter() {
        String user = "reader";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(notify(user, "r" + i));
        }
        status(user, "POST", "/v1/me/notifications/" + ids.get(1) + "/read", 204);
        status(user, "POST", "/v1/me/notifications/" + ids.get(4) + "/read", 204);
        assertThat(me(user, "GET", "/v1/me/notifications/unread-count", 200).get("unreadCount").asInt()).isEqualTo(4);

        JsonNode all = me(user, "GET", "/v1/me/notifications", 200);
        for (JsonNode item : all.get("items")) {
            boolean read = item.get("id").asText().equals(ids.get(1)) || item.get("id").asText().equals(ids.get(4));
            assertThat(item.get("read").asBoolean()).isEqualTo(read);
            assertThat(item.get("readAt").isNull()).isEqualTo(!read);
            if (read) {
                assertThat(item.get("readAt").asText()).matches(TIME);
            }
        }
        JsonNode unread = me(user, "GET", "/v1/me/notifications?unread=true&limit=3", 200);
        assertThat(unread.get("items")).extracting(n -> n.get("id").asText())
                .containsExactly(ids.get(5), ids.get(3), ids.get(2));
        JsonNode rest = me(user, "GET", "/v1/me/notifications?unread=true&limit=3&before="
                + unread.get("nextBefore").asText(), 200);
        assertThat(rest.get("items")).extracting(n -> n.get("id").asText()).containsExactly(ids.get(0));
        assertThat(rest.get("nextBefore").isNull()).isTrue();

        status(user, "POST", "/v1/me/notifications/read-all", 204);
        assertThat(me(user, "GET", "/v1/me/notifications/unread-count", 200).get("unreadCount").asInt()).isZero();
        assertThat(me(user, "GET", "/v1/me/notifications?unread=true", 200).get("items")).isEmpty();
        // Read before "read all": keeps its own, earlier time.
        notify(user, "after read-all");
        assertThat(me(user, "GET", "/v1/me/notifications/unread-count", 200).get("unreadCount").asInt()).isEqualTo(1);
    }

    @Test
    void readDeleteAndReadAllReachEveryStreamOfTheUserWithTheNewCount() throws Exception {
        String user = "two-tabs";
        String a = notify(user, "a");
        String b = notify(user, "b");
        try (TestStream tab1 = hub.stream(user); TestStream tab2 = hub.stream(user);
             TestStream stranger = hub.stream("stranger")) {
            status(user, "POST", "/v1/me/notifications/" + a + "/read", 204);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode read = TestHub.json(tab.awaitEvent("notification.read", WAIT).data());
                assertThat(read.get("notificationId").asText()).isEqualTo(a);
                assertThat(read.get("all").asBoolean()).isFalse();
                assertThat(read.get("unreadCount").asInt()).isEqualTo(1);
                assertThat(read.get("readAt").asText()).matches(TIME);
            }
            status(user, "DELETE", "/v1/me/notifications/" + b, 204);
            for (TestStream tab : List.of(tab1, tab2)) {
                SseEvent deleted = tab.awaitEvent("notification.deleted", WAIT);
                assertThat(deleted.id()).matches("[a-z0-9]+-\\d+");
                JsonNode data = TestHub.json(deleted.data());
                assertThat(data.get("notificationId").asText()).isEqualTo(b);
                assertThat(data.get("unreadCount").asInt()).isZero();
            }
            notify(user, "c");
            status(user, "POST", "/v1/me/notifications/read-all", 204);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode all = TestHub.json(tab.awaitEvent("notification.read", WAIT).data());
                assertThat(all.get("all").asBoolean()).isTrue();
                assertThat(all.get("notificationId").isNull()).isTrue();
                assertThat(all.get("unreadCount").asInt()).isZero();
            }
            assertThat(me(user, "GET", "/v1/me/notifications", 200).get("items"))
                    .extracting(n -> n.get("id").asText()).doesNotContain(b).contains(a);
            notify("stranger", "marker");
            assertThat(stranger.collectItems(1, WAIT).get(0).event()).as("another user sees no sync items")
                    .isEqualTo("notification");
        }
    }

    @Test
    void anotherUsersNotificationIsNotFoundAndStaysUntouched() throws Exception {
        String mine = notify("owner", "private");
        String event = hub.publishId("/v1/events", "{\"userId\":\"owner\",\"event\":\"x\",\"data\":1}");
        try (TestStream ownerStream = hub.stream("owner")) {
            for (String path : List.of("/v1/me/notifications/" + mine + "/read")) {
                assertNotFound(hub.asUser("intruder", "POST", path, null));
            }
            assertNotFound(hub.asUser("intruder", "DELETE", "/v1/me/notifications/" + mine, null));
            // Not a notification, not an id, or an id of another database: all the same 404.
            assertNotFound(hub.asUser("owner", "POST", "/v1/me/notifications/" + event + "/read", null));
            assertNotFound(hub.asUser("owner", "POST", "/v1/me/notifications/garbage/read", null));
            assertNotFound(hub.asUser("owner", "DELETE", "/v1/me/notifications/zzzzzzzzzz-1", null));
            assertNotFound(hub.asUser("owner", "POST", "/v1/me/notifications/" + mine.replaceAll("-\\d+$", "-99999999")
                    + "/read", null));

            assertThat(me("intruder", "GET", "/v1/me/notifications", 200).get("items")).isEmpty();
            JsonNode owners = me("owner", "GET", "/v1/me/notifications", 200);
            assertThat(owners.get("unreadCount").asInt()).isEqualTo(1);
            assertThat(owners.get("items").get(0).get("id").asText()).isEqualTo(mine);
            // No sync item went out for any failed attempt: the next item on the stream is the marker.
            String marker = notify("owner", "marker");
            assertThat(ownerStream.collectItems(1, WAIT).get(0).id()).isEqualTo(marker);
        }
    }

    /** On a hub of its own: a broadcast notification lands in every inbox, other tests' users too. */
    @Test
    void aBroadcastIsInEveryInboxWithItsOwnReadStatePerUser() {
        try (TestHub own = TestHub.start(store())) {
            String broadcast = own.publishId("/v1/notifications", "{\"broadcast\":true,\"type\":\"news\",\"title\":\"For all\"}");
            for (String user : List.of("bc-1", "bc-2", "bc-never-seen-before")) {
                assertThat(items(own, user)).extracting(n -> n.get("id").asText()).containsExactly(broadcast);
            }
            assertThat(own.asUser("bc-1", "POST", "/v1/me/notifications/" + broadcast + "/read", null).statusCode())
                    .isEqualTo(204);
            assertThat(own.asUser("bc-2", "DELETE", "/v1/me/notifications/" + broadcast, null).statusCode())
                    .isEqualTo(204);
            assertThat(items(own, "bc-1").get(0).get("read").asBoolean()).isTrue();
            assertThat(items(own, "bc-2")).isEmpty();
            JsonNode third = items(own, "bc-never-seen-before").get(0);
            assertThat(third.get("id").asText()).isEqualTo(broadcast);
            assertThat(third.get("read").asBoolean()).isFalse();
        }
    }

    private static List<JsonNode> items(TestHub h, String user) {
        List<JsonNode> out = new ArrayList<>();
        TestHub.json(h.asUser(user, "GET", "/v1/me/notifications", null)).get("items").forEach(out::add);
        return out;
    }

    @Test
    void mutedTypesStayInTheInboxButAreNotPushedLive() throws Exception {
        String user = "muter";
        assertThat(me(user, "GET", "/v1/me/preferences", 200).get("mutedTypes")).isEmpty();
        try (TestStream before = hub.stream(user)) {
            JsonNode put = TestHub.json(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"streak\",\"promo\"]}"));
            assertThat(put.get("mutedTypes")).extracting(JsonNode::asText).containsExactly("streak", "promo");
            // An open stream hears of the change and applies it from then on.
            JsonNode updated = TestHub.json(before.awaitEvent("preferences.updated", WAIT).data());
            assertThat(updated.get("mutedTypes")).extracting(JsonNode::asText).containsExactly("streak", "promo");

            try (TestStream after = hub.stream(user)) {
                String muted = hub.publishId("/v1/notifications", "{\"userId\":\"muter\",\"type\":\"streak\",\"title\":\"7 days\"}");
                String shown = hub.publishId("/v1/notifications", "{\"userId\":\"muter\",\"type\":\"comment\",\"title\":\"hi\"}");
                for (TestStream s : List.of(before, after)) {
                    assertThat(s.awaitEvent("notification", WAIT).id()).isEqualTo(shown);
                }
                assertThat(me(user, "GET", "/v1/me/notifications", 200).get("items"))
                        .extracting(n -> n.get("id").asText()).containsExactly(shown, muted);
            }
        }
        assertThat(me(user, "GET", "/v1/me/preferences", 200).get("mutedTypes")).extracting(JsonNode::asText)
                .containsExactly("streak", "promo");
        hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}");
        try (TestStream s = hub.stream(user)) {
            String again = hub.publishId("/v1/notifications", "{\"userId\":\"muter\",\"type\":\"streak\",\"title\":\"8 days\"}");
            assertThat(s.awaitEvent("notification", WAIT).id()).isEqualTo(again);
        }
    }

    @Test
    void badInboxAndPreferenceRequestsGetAClearErrorAndChangeNothing() {
        String user = "careless";
        hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"kept\"]}");
        for (String body : List.of("{\"mutedTypes\":\"streak\"}", "{\"mutedTypes\":[\"bad type\"]}",
                "{\"mutedTypes\":[1]}", "{\"mutedTypes\":[\"a\"],\"extra\":1}", "{}", "[]")) {
            HttpResponse<String> r = hub.asUser(user, "PUT", "/v1/me/preferences", body);
            assertThat(r.statusCode()).as(body).isEqualTo(422);
            assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("validation_failed");
        }
        String longName = "x".repeat(5000);
        HttpResponse<String> unknown = hub.asUser(user, "PUT", "/v1/me/preferences", "{\"" + longName + "\":1}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(TestHub.json(unknown).get("error").get("message").asText()).as("the name is echoed clipped")
                .startsWith("unknown field 'xxx").endsWith("...'").hasSizeLessThan(100);
        HttpResponse<String> broken = hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(TestHub.json(broken).get("error").get("code").asText()).isEqualTo("invalid_json");
        assertThat(me(user, "GET", "/v1/me/preferences", 200).get("mutedTypes")).extracting(JsonNode::asText)
                .containsExactly("kept");

        for (String query : List.of("limit=0", "limit=101", "limit=x", "unread=yes", "before=garbage", "before=zzzzzzzzzz-5")) {
            HttpResponse<String> r = hub.asUser(user, "GET", "/v1/me/notifications?" + query, null);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("invalid_request");
        }
        // The subscriber API needs a subscriber token, the publisher API a publisher key.
        HttpResponse<String> noToken = hub.send(java.net.http.HttpRequest.newBuilder(hub.uri("/v1/me/notifications")).GET().build());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> keyAsToken = hub.send(java.net.http.HttpRequest.newBuilder(hub.uri("/v1/me/notifications"))
                .header("Authorization", "Bearer " + TestHub.API_KEY).GET().build());
        assertThat(TestHub.json(keyAsToken).get("error").get("code").asText()).isEqualTo("invalid_token");
        HttpResponse<String> tokenAsKey = hub.asUser(user, "GET", "/v1/users/" + user + "/notifications", null);
        assertThat(TestHub.json(tokenAsKey).get("error").get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void anIdempotentRetryAfterARestartGetsTheFirstReplyAndDeliversNothingTwice() throws Exception {
        String user = "retrier";
        String anchor;
        try (TestStream s = hub.stream(user)) {
            anchor = s.awaitPosition(WAIT);
        }
        String body = "{\"userId\":\"retrier\",\"type\":\"order\",\"title\":\"Shipped\",\"idempotencyKey\":\"order-7-shipped\"}";
        HttpResponse<String> first = hub.post("/v1/notifications", body);
        assertThat(first.statusCode()).isEqualTo(202);
        hub.restart();
        HttpResponse<String> retry = hub.post("/v1/notifications", body);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("idempotent-replayed")).hasValue("true");

        String after = notify(user, "after");
        try (TestStream s = hub.stream(user, "", anchor)) {
            assertThat(s.collectItems(2, WAIT)).extracting(SseEvent::id)
                    .containsExactly(TestHub.json(first).get("id").asText(), after);
        }
        assertThat(me(user, "GET", "/v1/me/notifications", 200).get("items")).hasSize(2);
    }

    private JsonNode me(String user, String method, String path, int expectedStatus) {
        HttpResponse<String> r = hub.asUser(user, method, path, null);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expectedStatus);
        return TestHub.json(r);
    }

    private void status(String user, String method, String path, int expectedStatus) {
        HttpResponse<String> r = hub.asUser(user, method, path, null);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expectedStatus);
    }
}
