package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits over real HTTP: per publisher key counted in items, per subscriber for writes to
 * {@code /v1/me/...}, cluster-wide on Redis. A refused request is {@code 429 rate_limited} with
 * {@code Retry-After}, stores nothing, and every answer says where the caller stands.
 */
class RateLimitTest {
    private static final String OTHER_KEY = "second-publisher-key-0123456789";

    static String notification(String user, String title) {
        return "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    static void assertRateLimited(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(r.headers().firstValue("RateLimit-Remaining")).isPresent();
    }

    private static int inboxSize(TestHub hub, String user) {
        return TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications?limit=100", null)).get("items").size();
    }

    @Test
    void aPublisherKeyGetsItsBurstThenA429ThatStoresNothing() {
        try (TestHub hub = TestHub.start(Map.of("--publish-rate", "5/h", "--api-keys", TestHub.API_KEY + "," + OTHER_KEY))) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = hub.notify("limited", "n" + i);
                assertThat(r.statusCode()).isEqualTo(202);
                assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("5");
                assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(4 - i));
                assertThat(Long.parseLong(r.headers().firstValue("RateLimit-Reset").orElseThrow())).isPositive();
            }
            HttpResponse<String> refused = hub.notify("limited", "one too many");
            assertRateLimited(refused);
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            // One permit refills in 12 minutes at 5/h.
            assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(700, 720);
            assertRateLimited(hub.post("/v1/events", "{\"userId\":\"limited\",\"event\":\"e\",\"data\":1}"));
            assertThat(inboxSize(hub, "limited")).isEqualTo(5);

            // Another key has a bucket of its own.
            HttpResponse<String> other = hub.send(HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                    .header("Authorization", "Bearer " + OTHER_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(notification("limited", "other key"))).build());
            assertThat(other.statusCode()).isEqualTo(202);

            String metrics = hub.get("/metrics").body();
            assertThat(metrics).containsPattern("herald_rate_limited_total\\{[^}]*limit=\"publish\"[^}]*} 2\\.0");
            assertThat(metrics).doesNotContain(TestHub.API_KEY);
        }
    }

    @Test
    void aBatchCountsItsItemsAndIsStoredWholeOrNotAtAll() {
        try (TestHub hub = TestHub.start(Map.of("--publish-rate", "10/h"))) {
            assertThat(hub.post("/v1/notifications/batch", batch("b", 6)).statusCode()).isEqualTo(202);
            HttpResponse<String> refused = hub.post("/v1/notifications/batch", batch("b", 6));
            assertRateLimited(refused);
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("4");
            assertThat(hub.post("/v1/notifications/batch", batch("b", 4)).statusCode()).as("the refused 6 took nothing")
                    .isEqualTo(202);
            assertThat(inboxSize(hub, "b")).isEqualTo(10);

            HttpResponse<String> never = hub.post("/v1/notifications/batch", batch("b", 11));
            assertThat(never.statusCode()).as("a batch beyond the burst could never pass").isEqualTo(422);
            assertThat(TestHub.json(never).get("error").get("message").asText()).contains("burst of 10");
        }
    }

    @Test
    void aSubscriberGetsItsWriteRateAndNoOneElsesIsTouched() {
        try (TestHub hub = TestHub.start(Map.of("--subscriber-write-rate", "3/h"))) {
            String id = TestHub.json(hub.notify("writer", "to read")).get("id").asText();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = hub.asUser("writer", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"m" + i + "\"]}");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
            }
            assertRateLimited(hub.asUser("writer", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"refused\"]}"));
            assertRateLimited(hub.asUser("writer", "POST", "/v1/me/notifications/" + id + "/read", null));
            JsonNode prefs = TestHub.json(hub.asUser("writer", "GET", "/v1/me/preferences", null));
            assertThat(prefs.get("mutedTypes").get(0).asText()).as("reads are not limited; the refused write changed nothing")
                    .isEqualTo("m2");
            assertThat(TestHub.json(hub.asUser("writer", "GET", "/v1/me/notifications", null)).get("unreadCount").asInt())
                    .isEqualTo(1);
            assertThat(hub.asUser("someone-else", "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}").statusCode())
                    .isEqualTo(200);
            // Publishing is a different limit.
            assertThat(hub.notify("writer", "still publishable").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void seenUnreadArchiveAndUnarchiveCountAsSubscriberWrites() {
        try (TestHub hub = TestHub.start(Map.of("--subscriber-write-rate", "3/h"))) {
            String id = TestHub.json(hub.notify("stater", "one")).get("id").asText();
            List<String> actions = List.of("/seen", "/archive", "/unarchive");
            for (int i = 0; i < actions.size(); i++) {
                HttpResponse<String> r = hub.asUser("stater", "POST", "/v1/me/notifications/" + id + actions.get(i), null);
                assertThat(r.statusCode()).isEqualTo(204);
                assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
            }
            assertRateLimited(hub.asUser("stater", "POST", "/v1/me/notifications/" + id + "/archive", null));
            assertRateLimited(hub.asUser("stater", "POST", "/v1/me/notifications/" + id + "/unread", null));
            JsonNode item = TestHub.json(hub.asUser("stater", "GET", "/v1/me/notifications", null)).get("items").get(0);
            assertThat(item.get("archivedAt").isNull()).as("the refused archive changed nothing").isTrue();
            assertThat(hub.asUser("stater", "GET", "/v1/me/notifications/counts", null).statusCode())
                    .as("counts is a read, not limited").isEqualTo(200);
        }
    }

    @Test
    void actionsAndBulkCountAsSubscriberWrites() {
        try (TestHub hub = TestHub.start(Map.of("--subscriber-write-rate", "2/h"))) {
            String id = TestHub.json(hub.post("/v1/notifications", "{\"userId\":\"buttons\",\"type\":\"t\","
                    + "\"title\":\"one\",\"actions\":[{\"id\":\"ok\",\"label\":\"OK\"}]}")).get("id").asText();
            String bulk = "{\"action\":\"archive\",\"ids\":[\"" + id + "\"]}";
            HttpResponse<String> acted = hub.asUser("buttons", "POST", "/v1/me/notifications/" + id + "/actions/ok", null);
            assertThat(acted.statusCode()).isEqualTo(204);
            assertThat(acted.headers().firstValue("RateLimit-Remaining")).hasValue("1");
            HttpResponse<String> first = hub.asUser("buttons", "POST", "/v1/me/notifications/bulk",
                    "{\"action\":\"seen\",\"all\":true}");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertRateLimited(hub.asUser("buttons", "POST", "/v1/me/notifications/bulk", bulk));
            assertRateLimited(hub.asUser("buttons", "POST", "/v1/me/notifications/" + id + "/actions/ok", null));
            JsonNode item = TestHub.json(hub.asUser("buttons", "GET", "/v1/me/notifications", null)).get("items").get(0);
            assertThat(item.get("archivedAt").isNull()).as("the refused bulk archive changed nothing").isTrue();
        }
    }

    @Test
    void offMeansNoLimitAndNoHeaders() {
        try (TestHub hub = TestHub.start(Map.of("--publish-rate", "off"))) {
            HttpResponse<String> r = hub.notify("free", "n");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.headers().firstValue("RateLimit-Limit")).isEmpty();
        }
    }

    private static String batch(String user, int n) {
        StringBuilder sb = new StringBuilder("{\"notifications\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(notification(user, "item " + i));
        }
        return sb.append("]}").toString();
    }
}
