package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edit and a retraction each take one permit of the publisher's publish rate; once it is spent
 * they get 429 and change nothing.
 */
class PublisherEditLimitsTest {

    @Test
    void editsAndRetractionsCountAsPublishesAndA429ChangesNothing() {
        try (TestHub hub = TestHub.start(Map.of("--publish-rate", "2/h"))) {
            String id = hub.publishId("/v1/notifications", "{\"userId\":\"limited-edit\",\"type\":\"t\",\"title\":\"v1\"}");
            HttpResponse<String> edited = send(hub, "PATCH", id, "{\"title\":\"v2\"}");
            assertThat(edited.statusCode()).isEqualTo(200);
            assertThat(edited.headers().firstValue("RateLimit-Remaining")).hasValue("0");

            RateLimitTest.assertRateLimited(send(hub, "PATCH", id, "{\"title\":\"v3\"}"));
            RateLimitTest.assertRateLimited(send(hub, "DELETE", id, null));

            JsonNode items = TestHub.json(hub.asUser("limited-edit", "GET", "/v1/me/notifications", null)).get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("title").asText()).isEqualTo("v2");
        }
    }

    private static HttpResponse<String> send(TestHub hub, String method, String id, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri("/v1/notifications/" + id))
                .header("Authorization", "Bearer " + TestHub.API_KEY);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return hub.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
