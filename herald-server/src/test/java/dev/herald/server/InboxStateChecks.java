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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seen, unread, archive and unarchive over real HTTP on a durable store: each change reaches every
 * stream of the user with the new counts, replays in order, is idempotent, and another user's id is
 * a 404 that changes nothing. Run once per store by {@link InboxStateSqliteTest} and
 * {@link InboxStatePostgresTest}.
 */
abstract class InboxStateChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void eachChangeReachesEveryStreamOfTheUserWithTheNewCountsAndReplaysInOrder() throws Exception {
        String user = "state-tabs";
        String a = notify(user, "a");
        String b = notify(user, "b");
        try (TestStream tab1 = hub.stream(user); TestStream tab2 = hub.stream(user)) {
            status(user, "/seen", a);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode seen = TestHub.json(tab.awaitEvent("notification.seen", WAIT).data());
                assertThat(seen.get("notificationId").asText()).isEqualTo(a);
                assertThat(seen.get("seenAt").asText()).matches(TIME);
                assertThat(seen.get("readAt").isNull()).isTrue();
                assertThat(seen.get("archivedAt").isNull()).isTrue();
                assertThat(seen.get("unreadCount").asInt()).isEqualTo(2);
                assertThat(seen.get("unseenCount").asInt()).isEqualTo(1);
            }
            status(user, "/archive", b);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode archived = TestHub.json(tab.awaitEvent("notification.archived", WAIT).data());
                assertThat(archived.get("notificationId").asText()).isEqualTo(b);
                assertThat(archived.get("archivedAt").asText()).matches(TIME);
                assertThat(archived.get("unreadCount").asInt()).isEqualTo(1);
                assertThat(archived.get("unseenCount").asInt()).isZero();
            }
            status(user, "/unarchive", b);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode back = TestHub.json(tab.awaitEvent("notification.unarchived", WAIT).data());
                assertThat(back.get("archivedAt").isNull()).isTrue();
                assertThat(back.get("unreadCount").asInt()).isEqualTo(2);
                assertThat(back.get("unseenCount").asInt()).isEqualTo(1);
            }
            status(user, "/read", a);
            status(user, "/unread", a);
            for (TestStream tab : List.of(tab1, tab2)) {
                JsonNode unread = TestHub.json(tab.awaitEvent("notification.unread", WAIT).data());
                assertThat(unread.get("notificationId").asText()).isEqualTo(a);
                assertThat(unread.get("readAt").isNull()).isTrue();
                assertThat(unread.get("seenAt").asText()).as("unread keeps it seen").matches(TIME);
                assertThat(unread.get("unreadCount").asInt()).isEqualTo(2);
                assertThat(unread.get("unseenCount").asInt()).isEqualTo(1);
            }
            // Idempotent: repeating answers 204 and announces the same state again.
            status(user, "/unread", a);
            status(user, "/unarchive", b);
            for (TestStream tab : List.of(tab1, tab2)) {
                assertThat(TestHub.json(tab.awaitEvent("notification.unarchived", WAIT).data())
                        .get("unreadCount").asInt()).isEqualTo(2);
            }
        }
        JsonNode page = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null));
        JsonNode itemA = page.get("items").get(1);
        assertThat(itemA.get("id").asText()).isEqualTo(a);
        assertThat(itemA.get("read").asBoolean()).isFalse();
        assertThat(itemA.get("seenAt").asText()).matches(TIME);
        assertThat(itemA.get("archivedAt").isNull()).isTrue();
        assertThat(page.get("items").get(0).get("seenAt").isNull()).isTrue();

        // A tab resuming from before the changes receives all of them, in order.
        try (TestStream resumed = hub.stream(user, "", b)) {
            List<SseEvent> missed = resumed.collectItems(7, WAIT);
            assertThat(missed).extracting(SseEvent::event).containsExactly("notification.seen",
                    "notification.archived", "notification.unarchived", "notification.read", "notification.unread",
                    "notification.unread", "notification.unarchived");
            assertThat(TestHub.json(missed.get(1).data()).get("unreadCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void everySyncEventCarriesTheCountsTheCountsRouteAnswers() throws Exception {
        String user = "state-sync-counts";
        String a = publish("{\"userId\":\"state-sync-counts\",\"type\":\"t\",\"category\":\"social\",\"title\":\"a\"}");
        String b = publish("{\"userId\":\"state-sync-counts\",\"type\":\"t\",\"category\":\"billing\",\"title\":\"b\"}");
        notify(user, "c");
        try (TestStream tab = hub.stream(user)) {
            List<String[]> changes = List.of(new String[]{"/seen", a, "notification.seen"},
                    new String[]{"/read", b, "notification.read"}, new String[]{"/archive", a, "notification.archived"},
                    new String[]{"/unread", b, "notification.unread"});
            for (String[] change : changes) {
                status(user, change[0], change[1]);
                JsonNode data = TestHub.json(tab.awaitEvent(change[2], WAIT).data());
                JsonNode counts = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
                assertThat(data.get("counts")).as(change[2]).isEqualTo(counts);
                assertThat(data.get("unreadCount").asInt()).as(change[2]).isEqualTo(counts.get("unread").asInt());
                assertThat(data.get("unseenCount").asInt()).as(change[2]).isEqualTo(counts.get("unseen").asInt());
            }
            assertThat(hub.asUser(user, "DELETE", "/v1/me/notifications/" + b, null).statusCode()).isEqualTo(204);
            JsonNode deleted = TestHub.json(tab.awaitEvent("notification.deleted", WAIT).data());
            assertThat(deleted.get("counts").toString()).isEqualTo("{\"unread\":1,\"unseen\":1,\"total\":1,"
                    + "\"categories\":{}}");
            assertThat(deleted.get("unseenCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anotherUsersIdIsNotFoundAndChangesNothing() throws Exception {
        String mine = notify("state-owner", "private");
        // A list, not a broadcast: the other tests share this hub.
        String shared = hub.publishId("/v1/notifications",
                "{\"userIds\":[\"state-owner\",\"state-intruder\"],\"type\":\"t\",\"title\":\"both\"}");
        try (TestStream owner = hub.stream("state-owner")) {
            for (String action : List.of("/seen", "/unread", "/archive", "/unarchive")) {
                assertNotFound(hub.asUser("state-intruder", "POST", "/v1/me/notifications/" + mine + action, null));
                assertNotFound(hub.asUser("state-owner", "POST", "/v1/me/notifications/garbage" + action, null));
                assertNotFound(hub.asUser("state-owner", "POST",
                        "/v1/me/notifications/" + mine.replaceAll("-\\d+$", "-99999999") + action, null));
            }
            // A shared notification's state is per user: the intruder archives their own copy only.
            assertThat(hub.asUser("state-intruder", "POST", "/v1/me/notifications/" + shared + "/archive", null)
                    .statusCode()).isEqualTo(204);
            String marker = notify("state-owner", "marker");
            assertThat(owner.collectItems(1, WAIT).get(0).id()).as("the owner got no sync event").isEqualTo(marker);
        }
        JsonNode items = TestHub.json(hub.asUser("state-owner", "GET", "/v1/me/notifications", null)).get("items");
        assertThat(items).hasSize(3);
        for (JsonNode item : items) {
            assertThat(item.get("seenAt").isNull()).isTrue();
            assertThat(item.get("archivedAt").isNull()).isTrue();
            assertThat(item.get("read").asBoolean()).isFalse();
        }
    }

    @Test
    void archivedAreHiddenByDefaultAndTheFiltersCombineWithPaging() {
        String user = "state-filters";
        String a = publish("{\"userId\":\"state-filters\",\"type\":\"t\",\"category\":\"social\",\"tags\":[\"red\"],\"title\":\"a\"}");
        String b = publish("{\"userId\":\"state-filters\",\"type\":\"t\",\"category\":\"social\",\"title\":\"b\"}");
        String c = publish("{\"userIds\":[\"state-filters\",\"state-else\"],\"type\":\"t\",\"category\":\"billing\",\"tags\":[\"red\",\"x\"],\"title\":\"c\"}");
        String d = notify(user, "d");
        status(user, "/archive", d);
        status(user, "/seen", c);
        status(user, "/read", b);

        assertThat(ids(user, "")).as("archived hidden by default").containsExactly(c, b, a);
        assertThat(ids(user, "?archived=false")).containsExactly(c, b, a);
        assertThat(ids(user, "?archived=true")).containsExactly(d);
        assertThat(ids(user, "?category=social")).containsExactly(b, a);
        assertThat(ids(user, "?tag=red")).containsExactly(c, a);
        assertThat(ids(user, "?tag=red&category=billing")).containsExactly(c);
        assertThat(ids(user, "?unread=true")).containsExactly(c, a);
        assertThat(ids(user, "?unseen=true")).containsExactly(a);
        assertThat(ids(user, "?unseen=true&archived=true")).containsExactly(d);
        assertThat(ids(user, "?category=&tag=")).as("empty counts as absent").containsExactly(c, b, a);
        JsonNode first = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications?tag=red&limit=1", null));
        assertThat(first.get("items")).extracting(n -> n.get("id").asText()).containsExactly(c);
        assertThat(ids(user, "?tag=red&limit=1&before=" + first.get("nextBefore").asText())).containsExactly(a);
        assertThat(first.get("unreadCount").asInt()).as("archived not counted").isEqualTo(2);
        // The publisher's view of the inbox takes the same filters.
        assertThat(TestHub.json(hub.get("/v1/users/state-filters/notifications?archived=true")).get("items"))
                .extracting(n -> n.get("id").asText()).containsExactly(d);

        for (String bad : List.of("?archived=yes", "?unseen=1", "?category=no%20spaces", "?tag=" + "t".repeat(65))) {
            HttpResponse<String> r = hub.asUser(user, "GET", "/v1/me/notifications" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void countsAreExactAfterConcurrentChangesFromTwoClients() throws Exception {
        String user = "state-counts";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String category = i % 3 == 0 ? "\"social\"" : i % 3 == 1 ? "\"billing\"" : "null";
            ids.add(publish("{\"userId\":\"state-counts\",\"type\":\"t\",\"category\":" + category
                    + ",\"title\":\"n" + i + "\"}"));
        }
        JsonNode before = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
        assertThat(before.toString()).isEqualTo("{\"unread\":48,\"unseen\":48,\"total\":48,\"categories\":"
                + "{\"billing\":{\"unread\":16,\"unseen\":16,\"total\":16},\"social\":{\"unread\":16,\"unseen\":16,\"total\":16}}}");

        // Two clients at once: one marks every even notification seen, the other reads every
        // fourth and archives every other odd one; each change in its own request.
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = clients.submit(() -> {
                for (int i = 0; i < ids.size(); i += 2) {
                    status(user, "/seen", ids.get(i));
                }
            });
            Future<?> two = clients.submit(() -> {
                for (int i = 0; i < ids.size(); i++) {
                    if (i % 4 == 0) {
                        status(user, "/read", ids.get(i));
                    } else if (i % 4 == 1) {
                        status(user, "/archive", ids.get(i));
                    }
                }
            });
            one.get(60, TimeUnit.SECONDS);
            two.get(60, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
        int unread = 0;
        int unseen = 0;
        int total = 0;
        int[] socialCounts = new int[3];
        for (int i = 0; i < ids.size(); i++) {
            if (i % 4 == 1) {
                continue; // archived
            }
            boolean isUnread = i % 4 != 0;
            boolean isUnseen = isUnread && i % 2 == 1;
            unread += isUnread ? 1 : 0;
            unseen += isUnseen ? 1 : 0;
            total++;
            if (i % 3 == 0) {
                socialCounts[0] += isUnread ? 1 : 0;
                socialCounts[1] += isUnseen ? 1 : 0;
                socialCounts[2]++;
            }
        }
        JsonNode after = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/counts", null));
        assertThat(after.get("unread").asInt()).isEqualTo(unread);
        assertThat(after.get("unseen").asInt()).isEqualTo(unseen);
        assertThat(after.get("total").asInt()).isEqualTo(total);
        JsonNode social = after.get("categories").get("social");
        assertThat(new int[]{social.get("unread").asInt(), social.get("unseen").asInt(), social.get("total").asInt()})
                .containsExactly(socialCounts);
        assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications/unread-count", null))
                .get("unreadCount").asInt()).isEqualTo(unread);
        // An inbox page agrees.
        assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications?limit=1", null)).get("unreadCount").asInt())
                .isEqualTo(unread);
    }

    private String publish(String json) {
        return hub.publishId("/v1/notifications", json);
    }

    private void status(String user, String action, String id) {
        HttpResponse<String> r = hub.asUser(user, "POST", "/v1/me/notifications/" + id + action, null);
        assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(204);
    }
}
