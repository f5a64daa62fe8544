package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification's category, tags and actions (issue 14) over real HTTP on a durable store: they
 * arrive exactly on the stream, on replay and in the inbox; bad ones are 422 and store nothing; a
 * muted category stays in the inbox but is not pushed live or replayed. Run once per store by
 * {@link NotificationFieldsSqliteTest} and {@link NotificationFieldsPostgresTest}.
 */
abstract class NotificationFieldsChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final String TAGS = "[\"orders\",\"ünïcode 🎉\"]";
    static final String ACTIONS = "[{\"id\":\"view\",\"label\":\"View order\",\"url\":\"/orders/7\"},"
            + "{\"id\":\"ack:1\",\"label\":\"Got it\"}]";

    static String withFields(String user, String title) {
        return "{\"userId\":\"" + user + "\",\"type\":\"order.shipped\",\"category\":\"orders\",\"title\":\"" + title
                + "\",\"tags\":" + TAGS + ",\"actions\":" + ACTIONS + "}";
    }

    /** Exactly what every reply must carry for {@link #withFields}: url null when not given. */
    static void assertFields(JsonNode n) {
        assertThat(n.get("category").asText()).isEqualTo("orders");
        assertThat(n.get("tags").toString()).isEqualTo(TAGS);
        assertThat(n.get("actions").toString()).isEqualTo("[{\"id\":\"view\",\"label\":\"View order\",\"url\":\"/orders/7\"},"
                + "{\"id\":\"ack:1\",\"label\":\"Got it\",\"url\":null}]");
    }

    @Test
    void theFieldsArriveExactlyOnTheStreamOnReplayAndInTheInbox() throws Exception {
        String user = "fields";
        String id;
        String position;
        SseEvent live;
        try (TestStream s = hub.stream(user)) {
            position = s.awaitPosition(WAIT);
            id = hub.publishId("/v1/notifications", withFields(user, "Shipped"));
            live = s.awaitEvent("notification", WAIT);
        }
        assertThat(live.id()).isEqualTo(id);
        assertFields(TestHub.json(live.data()));

        try (TestStream replay = hub.stream(user, "", position)) {
            SseEvent again = replay.awaitEvent("notification", WAIT);
            assertThat(again.id()).isEqualTo(id);
            assertThat(again.data()).as("replay carries the same bytes").isEqualTo(live.data());
        }
        JsonNode inbox = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items").get(0);
        assertThat(inbox.get("id").asText()).isEqualTo(id);
        assertFields(inbox);
        JsonNode viaKey = TestHub.json(hub.get("/v1/users/fields/notifications")).get("items").get(0);
        assertFields(viaKey);

        // Left out: category null, tags and actions empty, like actionUrl null.
        String plain = hub.publishId("/v1/notifications", "{\"userId\":\"fields\",\"type\":\"t\",\"title\":\"plain\"}");
        JsonNode first = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications?limit=1", null)).get("items").get(0);
        assertThat(first.get("id").asText()).isEqualTo(plain);
        assertThat(first.get("category").isNull()).isTrue();
        assertThat(first.get("tags")).isEmpty();
        assertThat(first.get("actions")).isEmpty();

        // A batch carries them too.
        HttpResponse<String> batch = hub.post("/v1/notifications/batch",
                "{\"notifications\":[" + withFields("fields-b", "one") + "," + withFields("fields-b", "two") + "]}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        JsonNode items = TestHub.json(hub.asUser("fields-b", "GET", "/v1/me/notifications", null)).get("items");
        assertThat(items).hasSize(2).allSatisfy(NotificationFieldsChecks::assertFields);
    }

    @Test
    void eachInvalidFieldIs422AndNothingIsStored() {
        String user = "fields-bad";
        String base = "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"x\",";
        List<String> bad = List.of(
                "\"category\":\"bad category\"}", "\"category\":\"\"}", "\"category\":7}", "\"category\":\"" + "c".repeat(65) + "\"}",
                "\"tags\":\"one\"}", "\"tags\":[1]}", "\"tags\":[\"\"]}", "\"tags\":[\"  \"]}", "\"tags\":[\"a\\u0007\"]}",
                "\"tags\":[\"" + "t".repeat(65) + "\"]}", "\"tags\":[\"a\",\"a\"]}",
                "\"tags\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
                "\"actions\":{}}", "\"actions\":[\"x\"]}", "\"actions\":[{\"label\":\"no id\"}]}",
                "\"actions\":[{\"id\":\"bad id\",\"label\":\"L\"}]}", "\"actions\":[{\"id\":\"a\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"\"}]}", "\"actions\":[{\"id\":\"a\",\"label\":\"" + "l".repeat(65) + "\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\",\"url\":\"javascript:alert(1)\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\",\"url\":\"//evil.example\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\",\"url\":\"/with space\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\",\"extra\":1}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\"},{\"id\":\"a\",\"label\":\"M\"}]}",
                "\"actions\":[{\"id\":\"a\",\"label\":\"L\"},{\"id\":\"b\",\"label\":\"L\"},{\"id\":\"c\",\"label\":\"L\"},"
                        + "{\"id\":\"d\",\"label\":\"L\"}]}");
        for (String tail : bad) {
            HttpResponse<String> r = hub.post("/v1/notifications", base + tail);
            assertThat(r.statusCode()).as(tail + " -> " + r.body()).isEqualTo(422);
            JsonNode error = TestHub.json(r).get("error");
            assertThat(error.get("code").asText()).isEqualTo("validation_failed");
            assertThat(error.get("message").asText()).as(tail).containsAnyOf("category", "tags", "action");
            // A batch with one bad notification stores none of them.
            HttpResponse<String> batch = hub.post("/v1/notifications/batch", "{\"notifications\":["
                    + withFields(user, "good") + "," + base + tail + "]}");
            assertThat(batch.statusCode()).as("batch " + tail).isEqualTo(422);
        }
        assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items")).isEmpty();
    }

    @Test
    void aMutedCategoryIsInTheInboxButNotPushedLiveNorReplayed() throws Exception {
        String user = "cat-muter";
        JsonNode prefs = TestHub.json(hub.asUser(user, "GET", "/v1/me/preferences", null));
        assertThat(prefs.get("mutedCategories")).isEmpty();
        String position;
        try (TestStream before = hub.stream(user)) {
            position = before.awaitPosition(WAIT);
            JsonNode put = TestHub.json(hub.asUser(user, "PUT", "/v1/me/preferences",
                    "{\"mutedTypes\":[\"promo\"],\"mutedCategories\":[\"orders\",\"social\",\"orders\"]}"));
            assertThat(put.get("mutedCategories")).extracting(JsonNode::asText).containsExactly("orders", "social");
            assertThat(put.get("mutedTypes")).extracting(JsonNode::asText).containsExactly("promo");
            JsonNode updated = TestHub.json(before.awaitEvent("preferences.updated", WAIT).data());
            assertThat(updated.get("mutedCategories")).extracting(JsonNode::asText).containsExactly("orders", "social");
            assertThat(updated.get("mutedTypes")).extracting(JsonNode::asText).containsExactly("promo");

            String muted = hub.publishId("/v1/notifications", withFields(user, "muted"));
            String shown = hub.publishId("/v1/notifications",
                    "{\"userId\":\"cat-muter\",\"type\":\"order.shipped\",\"category\":\"billing\",\"title\":\"shown\"}");
            assertThat(before.awaitEvent("notification", WAIT).id()).isEqualTo(shown);
            assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items"))
                    .extracting(n -> n.get("id").asText()).containsExactly(shown, muted);
        }
        // Replay from before both: the muted one is skipped there too.
        try (TestStream replay = hub.stream(user, "", position)) {
            assertThat(replay.awaitEvent("notification", WAIT).data()).contains("\"shown\"");
        }
        // A PUT of types alone keeps the categories; a PUT of categories alone keeps the types.
        JsonNode typesOnly = TestHub.json(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[]}"));
        assertThat(typesOnly.get("mutedCategories")).extracting(JsonNode::asText).containsExactly("orders", "social");
        JsonNode categoriesOnly = TestHub.json(hub.asUser(user, "PUT", "/v1/me/preferences",
                "{\"mutedCategories\":[]}"));
        assertThat(categoriesOnly.get("mutedCategories")).isEmpty();
        assertThat(categoriesOnly.get("mutedTypes")).isEmpty();
        try (TestStream s = hub.stream(user)) {
            String again = hub.publishId("/v1/notifications", withFields(user, "unmuted"));
            assertThat(s.awaitEvent("notification", WAIT).id()).isEqualTo(again);
        }
        for (String body : List.of("{\"mutedCategories\":\"orders\"}", "{\"mutedCategories\":[\"bad one\"]}",
                "{\"mutedCategories\":null}", "{\"mutedCategories\":[" + "\"c\",".repeat(100) + "\"c\"]}")) {
            HttpResponse<String> r = hub.asUser(user, "PUT", "/v1/me/preferences", body);
            assertThat(r.statusCode()).as(body).isEqualTo(422);
        }
    }
}
