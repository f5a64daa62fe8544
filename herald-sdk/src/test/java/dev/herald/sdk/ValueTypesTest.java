package dev.herald.sdk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value types and small helpers, without a hub. */
class ValueTypesTest {

    @Test
    void notificationNeedsTypeAndTitle() {
        assertThatThrownBy(() -> Notification.builder().title("t").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> Notification.builder().type("t").title(" ").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> Event.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name");
    }

    @Test
    void obviousNonsenseIsRefusedAtOnce() {
        assertThatThrownBy(() -> Notification.builder().ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notification.builder().idempotencyKey(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.users(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.user("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.users("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Event.builder().data(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataIsASnapshot() {
        Map<String, Object> data = new HashMap<>(Map.of("n", 1));
        Notification n = Notification.builder().type("t").title("t").data(data).build();
        data.put("n", 2);
        n.data().orElseThrow().put("n", 3);

        assertThat(n.data().orElseThrow()).containsEntry("n", 1);
    }

    @Test
    void valueTypesCompareByValueAndKeepContentOutOfToString() {
        Notification a = Notification.builder().type("t").title("secret title").priority(Priority.URGENT).build();
        Notification b = Notification.builder().type("t").title("secret title").priority(Priority.URGENT).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).doesNotContain("secret").contains("urgent");
        assertThat(Target.users("a", "b")).isEqualTo(Target.users(List.of("a", "b")));
        assertThat(Target.user("a")).isNotEqualTo(Target.users("a"));
        assertThat(Target.everyone().isEveryone()).isTrue();
    }

    @Test
    void ttlIsSentInWholeSecondsRoundedUp() {
        assertThat(Wire.ceilSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Wire.ceilSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(Wire.ceilSeconds(Duration.ofMillis(60_001))).isEqualTo(61);
    }

    @Test
    void pathSegmentsAreFullyEncoded() {
        assertThat(PathSegment.encode("a-b_c.d~e")).isEqualTo("a-b_c.d~e");
        assertThat(PathSegment.encode("a/b c?d#e%f+g")).isEqualTo("a%2Fb%20c%3Fd%23e%25f%2Bg");
        assertThat(PathSegment.encode("ü")).isEqualTo("%C3%BC");
        assertThat(PathSegment.encode("..")).isEqualTo("%2E%2E");
    }

    @Test
    void backoffGrowsWithJitterAndStaysCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            assertThat(p.delayMillis(0, -1)).isBetween(50L, 100L);
            assertThat(p.delayMillis(2, -1)).isBetween(200L, 400L);
            assertThat(p.delayMillis(40, -1)).isBetween(500L, 1000L);
            assertThat(p.delayMillis(0, 800)).isEqualTo(800L);
            // never sooner than Retry-After (the transport gives up instead when that is past the maximum)
            assertThat(p.delayMillis(0, 60_000)).isEqualTo(60_000L);
        }
        assertThat(p.isRetryableStatus(503)).isTrue();
        assertThat(p.isRetryableStatus(422)).isFalse();
        assertThat(p.isRetryableStatus(500)).isFalse();
    }

    @Test
    void builderRefusesBadConfiguration() {
        assertThatThrownBy(() -> Herald.builder().apiKey("k").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Herald.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Herald.builder().baseUrl("http://x/?a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Herald.builder().apiKey("has space")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("has space");
        assertThatThrownBy(() -> Herald.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Herald.builder().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionsMapByStatus() {
        assertThat(Failures.forStatus("invalid_api_key", 401, "m")).isInstanceOf(HeraldAuthException.class);
        assertThat(Failures.forStatus("forbidden", 403, "m")).isInstanceOf(HeraldAuthException.class);
        assertThat(Failures.forStatus("payload_too_large", 413, "m")).isInstanceOf(HeraldValidationException.class);
        assertThat(Failures.forStatus("unsupported_media_type", 415, "m")).isInstanceOf(HeraldValidationException.class);
        assertThat(Failures.forStatus("invalid_json", 400, "m")).isInstanceOf(HeraldValidationException.class);
        assertThat(Failures.forStatus("too_many_connections", 429, "m")).isInstanceOf(HeraldRateLimitedException.class);
        assertThat(Failures.forStatus("store_unavailable", 503, "m")).isInstanceOf(HeraldUnavailableException.class);
        assertThat(Failures.forStatus("not_found", 404, "m").getClass()).isEqualTo(HeraldException.class);
        assertThat(Failures.forStatus("validation_failed", 422, "type is bad").getMessage())
                .isEqualTo("validation_failed (HTTP 422): type is bad");
    }
}
