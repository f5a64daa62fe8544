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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notification digests over real HTTP on a durable store: a burst on one key is one inbox item with
 * its count, delivered as one {@code notification} and then {@code notification.updated}s; counts
 * stay exact (a read digest becomes unread again); concurrent publishes all count; the window closes;
 * retries name the digest; bad digest fields are 422 and publish nothing. Run once per store by
 * {@link DigestSqliteTest} and {@link DigestPostgresTest}.
 */
abstract class DigestChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String comment(String userId, int n, String extra) {
        return "{\"userId\":\"" + userId + "\",\"type\":\"comment\",\"title\":\"comment " + n + "\","
                + "\"data\":{\"n\":" + n + ",\"exact\":1e400},\"digest\":{\"key\":\"comments:post-42\",\"windowSeconds\":600}" + extra + "}";
    }

    private JsonNode publish(String json) {
        HttpResponse<String> r = hub.post("/v1/notifications", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return TestHub.json(r);
    }

    private JsonNode inbox(String userId) {
        return TestHub.json(hub.asUser(userId, "GET", "/v1/me/notifications", null)).get("items");
    }

    private JsonNode counts(String userId) {
        return TestHub.json(hub.asUser(userId, "GET", "/v1/me/notifications/counts", null));
    }

    @Test
    void aBurstOfOneHundredCommentsIsOneInboxItemWithCountOneHundred() throws Exception {
        String user = "dg-burst";
        List<JsonNode> replies = new ArrayList<>();
        List<SseEvent> events;
        try (TestStream tab = hub.stream(user)) {
            for (int i = 1; i <= 100; i++) {
                replies.add(publish(comment(user, i, ",\"digestTitle\":\"{count} new comments\"")));
            }
            events = tab.collectItems(100, WAIT);
        }
        String id = replies.get(0).get("id").asText();
        assertThat(replies.get(0).get("digested").asBoolean()).isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(replies.get(i).get("id").asText()).isEqualTo(id);
            assertThat(replies.get(i).get("count").asInt()).isEqualTo(i + 1);
            assertThat(replies.get(i).get("digested").asBoolean()).isEqualTo(i > 0);
        }
        assertThat(events.get(0).event()).isEqualTo("notification");
        assertThat(events.get(0).id()).isEqualTo(id);
        JsonNode first = TestHub.json(events.get(0).data());
        assertThat(first.get("count").asInt()).isEqualTo(1);
        assertThat(first.get("title").asText()).isEqualTo("comment 1");
        assertThat(first.get("digest").get("key").asText()).isEqualTo("comments:post-42");
        assertThat(events.subList(1, 100)).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("notification.updated");
            assertThat(TestHub.json(e.data()).get("id").asText()).isEqualTo(id);
        });
        JsonNode last = TestHub.json(events.get(99).data());
        assertThat(last.get("count").asInt()).isEqualTo(100);
        assertThat(last.get("title").asText()).isEqualTo("100 new comments");
        assertThat(last.get("data").get("n").asInt()).isEqualTo(100);
        assertThat(last.get("createdAt")).isEqualTo(first.get("createdAt"));
        assertThat(events.get(99).data()).as("data's numbers keep their text").contains("\"exact\":1e400");

        JsonNode items = inbox(user);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").asText()).isEqualTo(id);
        assertThat(items.get(0).get("count").asInt()).isEqualTo(100);
        assertThat(items.get(0).get("title").asText()).isEqualTo("100 new comments");
        JsonNode counts = counts(user);
        assertThat(counts.get("total").asInt()).isEqualTo(1);
        assertThat(counts.get("unread").asInt()).isEqualTo(1);
    }

    @Test
    void twoThreadsOfFiftyPublishesCountOneHundred() throws Exception {
        String user = "dg-threads";
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int base = t * 50;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= 50; i++) {
                        publish(comment(user, base + i, ""));
                    }
                }, threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } finally {
            threads.shutdownNow();
        }
        JsonNode items = inbox(user);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("count").asInt()).isEqualTo(100);
        assertThat(counts(user).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aReadDigestBecomesUnreadAgainWhenTheNextOneMerges() throws Exception {
        String user = "dg-read";
        String id = publish(comment(user, 1, "")).get("id").asText();
        assertThat(hub.asUser(user, "POST", "/v1/me/notifications/" + id + "/read", null).statusCode()).isEqualTo(204);
        assertThat(counts(user).get("unread").asInt()).isZero();
        try (TestStream tab = hub.stream(user)) {
            publish(comment(user, 2, ""));
            List<SseEvent> events = tab.collectItems(2, WAIT);
            assertThat(events).extracting(SseEvent::event).containsExactly("notification.updated", "notification.unread");
            JsonNode unread = TestHub.json(events.get(1).data());
            assertThat(unread.get("notificationId").asText()).isEqualTo(id);
            assertThat(unread.get("unreadCount").asInt()).isEqualTo(1);
        }
        JsonNode item = inbox(user).get(0);
        assertThat(item.get("read").asBoolean()).isFalse();
        assertThat(item.get("count").asInt()).isEqualTo(2);
        assertThat(counts(user).get("unread").asInt()).isEqualTo(1);
        assertThat(counts(user).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void afterTheWindowTheNextOneStartsANewDigest() {
        String user = "dg-window";
        String one = "{\"userId\":\"" + user + "\",\"type\":\"comment\",\"title\":\"c\","
                + "\"digest\":{\"key\":\"k\",\"windowSeconds\":1}}";
        String first = publish(one).get("id").asText();
        AtomicReference<JsonNode> started = new AtomicReference<>();
        // Publishing until one starts a digest of its own: merges until the one-second window closes.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode r = publish(one);
            started.set(r);
            return !r.get("digested").asBoolean();
        });
        assertThat(started.get().get("id").asText()).isNotEqualTo(first);
        assertThat(started.get().get("count").asInt()).isEqualTo(1);
        JsonNode items = inbox(user);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("id").asText()).isEqualTo(started.get().get("id").asText());
        assertThat(items.get(0).get("count").asInt()).isEqualTo(1);
        assertThat(counts(user).get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aRetryNamesTheDigestAndIsNotCountedAgain() {
        String user = "dg-retry";
        String id = publish(comment(user, 1, "")).get("id").asText();
        String keyed = comment(user, 2, ",\"idempotencyKey\":\"dg-retry-2\"");
        JsonNode merged = publish(keyed);
        HttpResponse<String> retry = hub.post("/v1/notifications", keyed);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(merged.get("id").asText()).isEqualTo(id);
        assertThat(TestHub.json(retry).get("id").asText()).isEqualTo(id);
        assertThat(inbox(user).get(0).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void batchElementsOfOneKeyMergeInTheOrderGiven() throws Exception {
        String user = "dg-batch";
        String element = "{\"userId\":\"" + user + "\",\"type\":\"comment\",\"title\":\"c\","
                + "\"digest\":{\"key\":\"k\",\"windowSeconds\":600},\"digestTitle\":\"{count} comments\"}";
        try (TestStream tab = hub.stream(user)) {
            HttpResponse<String> r = hub.post("/v1/notifications/batch",
                    "{\"notifications\":[" + element + "," + element + "," + element + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode items = TestHub.json(r).get("items");
            String id = items.get(0).get("id").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(items.get(i).get("id").asText()).isEqualTo(id);
                assertThat(items.get(i).get("digested").asBoolean()).isEqualTo(i > 0);
                assertThat(items.get(i).get("count").asInt()).isEqualTo(i + 1);
            }
            List<SseEvent> events = tab.collectItems(3, WAIT);
            assertThat(events).extracting(SseEvent::event)
                    .containsExactly("notification", "notification.updated", "notification.updated");
            assertThat(TestHub.json(events.get(2).data()).get("title").asText()).isEqualTo("3 comments");
        }
        assertThat(inbox(user)).hasSize(1);
    }

    @Test
    void badDigestFieldsAre422AndPublishNothing() {
        String user = "dg-bad";
        String base = "{\"type\":\"comment\",\"title\":\"c\",";
        String ok = "\"digest\":{\"key\":\"k\",\"windowSeconds\":60}";
        List<String> bad = List.of(
                base + "\"userIds\":[\"" + user + "\",\"other\"]," + ok + "}",
                base + "\"broadcast\":true," + ok + "}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"-k\",\"windowSeconds\":60}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"" + "k".repeat(129) + "\",\"windowSeconds\":60}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"k\",\"windowSeconds\":0}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"k\",\"windowSeconds\":86401}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"k\",\"windowSeconds\":1.5}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"k\"}}",
                base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"k\",\"windowSeconds\":60,\"x\":1}}",
                base + "\"userId\":\"" + user + "\",\"digest\":\"k\"}",
                base + "\"userId\":\"" + user + "\",\"digestTitle\":\"{count} new\"}",
                base + "\"userId\":\"" + user + "\"," + ok + ",\"digestTitle\":\" \"}");
        for (String body : bad) {
            HttpResponse<String> r = hub.post("/v1/notifications", body);
            assertThat(r.statusCode()).as(body).isEqualTo(422);
            assertThat(TestHub.json(r).at("/error/code").asText()).as(body).isEqualTo("validation_failed");
        }
        assertThat(inbox(user)).isEmpty();
        // The limits themselves are fine: a 128-character key, a one-day window.
        publish(base + "\"userId\":\"" + user + "\",\"digest\":{\"key\":\"" + "k".repeat(128) + "\",\"windowSeconds\":86400}}");
        assertThat(inbox(user)).hasSize(1);
    }
}
