package dev.herald.server;

import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A retried publish with the same idempotency key gets the first reply and is delivered once. */
class IdempotencyTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void retryReturnsTheFirstReplyAndDeliversNothingTwice() throws Exception {
        try (TestStream s = hub.stream("idem")) {
            String body = "{\"userId\":\"idem\",\"type\":\"t\",\"title\":\"once\",\"idempotencyKey\":\"order-42\"}";
            var first = hub.post("/v1/notifications", body);
            var retry = hub.post("/v1/notifications", body);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(retry.statusCode()).isEqualTo(202);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
            assertThat(retry.headers().firstValue("idempotent-replayed")).hasValue("true");
            hub.notify("idem", "next");
            assertThat(s.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("\"title\":\"once\"");
            assertThat(s.awaitEvent("notification", Duration.ofSeconds(5)).data()).contains("\"title\":\"next\"");
        }
    }

    @Test
    void keysAreScopedPerEndpoint() {
        var n = hub.post("/v1/notifications", "{\"userId\":\"idem2\",\"type\":\"t\",\"title\":\"x\",\"idempotencyKey\":\"k-1\"}");
        var e = hub.post("/v1/events", "{\"userId\":\"idem2\",\"event\":\"x\",\"data\":1,\"idempotencyKey\":\"k-1\"}");
        var e2 = hub.post("/v1/events", "{\"userId\":\"idem2\",\"event\":\"x\",\"data\":1,\"idempotencyKey\":\"k-2\"}");
        assertThat(e.headers().firstValue("idempotent-replayed")).isEmpty();
        assertThat(TestHub.json(e).get("id").asText()).isNotEqualTo(TestHub.json(n).get("id").asText());
        assertThat(TestHub.json(e2).get("id").asText()).isNotEqualTo(TestHub.json(e).get("id").asText());
    }
}
