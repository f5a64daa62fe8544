package dev.herald.server;

import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers in {@code data} come out exactly as they were sent, literal text included, everywhere an
 * item comes out: the live stream, replay after a reconnect, and the inbox (the user's and the
 * publisher's view). None of them fits a double. Run per store by {@link ExactNumbersSqliteTest} and
 * {@link ExactNumbersPostgresTest}.
 */
abstract class ExactNumbersChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Compact, so the hub's compact output must repeat it byte for byte. */
    static final String DATA = "{\"huge\":1e400,\"tiny\":1E-400,\"pastDouble\":9007199254740993,"
            + "\"pastDoubleFloat\":9007199254740993.0,\"negativeZero\":-0,\"negativeZeroFloat\":-0.0,\"tenth\":0.1,"
            + "\"minLong\":-9223372036854775808,\"pastLong\":123456789012345678901234567890,\"exponent\":2.50e+3,"
            + "\"nested\":[1.10,-0,1e-7,{\"deep\":12345678901234567890.123456789}]}";

    @Test
    void numbersInDataKeepTheirLiteralTextLiveInReplayAndInTheInbox() throws Exception {
        String user = "numbers";
        try (TestStream live = hub.stream(user)) {
            String anchor = live.awaitPosition(WAIT);
            String notification = hub.publishId("/v1/notifications",
                    "{\"userId\":\"numbers\",\"type\":\"t\",\"title\":\"n\",\"data\":" + DATA + "}");
            String event = hub.publishId("/v1/events", "{\"userId\":\"numbers\",\"event\":\"figures\",\"data\":" + DATA + "}");
            String bare = hub.publishId("/v1/events", "{\"userId\":\"numbers\",\"event\":\"figure\",\"data\":1e400}");

            List<SseEvent> got = live.collectItems(3, WAIT);
            assertExact(got, notification, event, bare);

            try (TestStream replay = hub.stream(user, "", anchor)) {
                assertExact(replay.itemsThrough(bare, WAIT), notification, event, bare);
            }
        }
        String inbox = hub.asUser(user, "GET", "/v1/me/notifications", null).body();
        assertThat(inbox).contains("\"data\":" + DATA + ",\"actionUrl\"");
        String publisherView = hub.get("/v1/users/numbers/notifications").body();
        assertThat(publisherView).contains("\"data\":" + DATA + ",\"actionUrl\"");
    }

    @Test
    void aBatchKeepsNumbersExactToo() throws Exception {
        try (TestStream live = hub.stream("numbers-batch")) {
            live.awaitPosition(WAIT);
            String reply = hub.post("/v1/notifications/batch",
                    "{\"notifications\":[{\"userId\":\"numbers-batch\",\"type\":\"t\",\"title\":\"b\",\"data\":" + DATA + "}]}")
                    .body();
            assertThat(reply).contains("\"recipients\":1");
            assertThat(live.collectItems(1, WAIT).get(0).data()).contains("\"data\":" + DATA + ",\"actionUrl\"");
        }
    }

    /** A TTL of 2^64 + 1 seconds once became 1 second: a number too big for a long is out of range. */
    @Test
    void numbersOutsideDataKeepTheirValueAndRules() {
        for (String ttl : List.of("1e400", "60.0", "-0", "6e1", "123456789012345678901234567890", "1E-400",
                "18446744073709551617")) {
            var r = hub.post("/v1/notifications", "{\"userId\":\"numbers-ttl\",\"type\":\"t\",\"title\":\"x\",\"ttlSeconds\":" + ttl + "}");
            assertThat(r.statusCode()).as(ttl + ": " + r.body()).isEqualTo(422);
            assertThat(r.body()).contains("ttlSeconds");
            var token = hub.post("/v1/tokens", "{\"userId\":\"numbers-ttl\",\"ttlSeconds\":" + ttl + "}");
            assertThat(token.statusCode()).as("token ttl " + ttl + ": " + token.body()).isEqualTo(422);
        }
        assertThat(hub.post("/v1/notifications", "{\"userId\":\"numbers-ttl\",\"type\":\"t\",\"title\":\"x\",\"ttlSeconds\":60}")
                .statusCode()).isEqualTo(202);
    }

    private static void assertExact(List<SseEvent> items, String notification, String event, String bare) {
        assertThat(items).extracting(SseEvent::id).containsExactly(notification, event, bare);
        assertThat(items.get(0).data()).contains("\"data\":" + DATA + ",\"actionUrl\"");
        assertThat(items.get(1).data()).contains("\"event\":\"figures\",\"data\":" + DATA + ",\"createdAt\"");
        assertThat(items.get(2).data()).contains("\"event\":\"figure\",\"data\":1e400,\"createdAt\"");
    }
}
