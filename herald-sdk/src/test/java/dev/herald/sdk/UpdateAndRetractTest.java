package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Editing and retracting published notifications through the SDK, checked on real SSE streams. */
class UpdateAndRetractTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestHub hub;
    private static Herald herald;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
        herald = hub.client();
    }

    @AfterAll
    static void stop() {
        herald.close();
        hub.close();
    }

    @Test
    void anUpdateReachesTheStreamAndReturnsTheWholeNewNotification() {
        try (SseStream s = hub.stream(herald, "upd-alice")) {
            PublishResult published = herald.publish(Target.user("upd-alice"), Notification.builder().type("order")
                    .title("Shipped").body("on its way").category("orders").tags(List.of("eu")).build());
            s.nextNotification();

            Map<String, Object> updated = herald.update(published.id(), NotificationUpdate.builder()
                    .title("Delivered").body(null).data(Map.of("n", 1)).priority(Priority.HIGH)
                    .actions(List.of(Action.of("rate", "Rate it", "/rate"))).build());

            assertThat(updated).containsEntry("id", published.id()).containsEntry("type", "order")
                    .containsEntry("title", "Delivered").containsEntry("body", null)
                    .containsEntry("category", "orders").containsEntry("priority", "high")
                    .containsEntry("tags", List.of("eu")).containsEntry("data", Map.of("n", 1));
            SseStream.SseEvent got = s.next("notification.updated", WAIT);
            assertThat(got.data().get("id").asText()).isEqualTo(published.id());
            assertThat(got.data().get("title").asText()).isEqualTo("Delivered");
            assertThat(got.data().get("actions").get(0).get("url").asText()).isEqualTo("/rate");
        }
    }

    @Test
    void aRetractionReachesTheStreamAndIsIdempotent() {
        try (SseStream s = hub.stream(herald, "upd-bob")) {
            PublishResult published = herald.publish(Target.users(List.of("upd-bob", "upd-carol")),
                    Notification.builder().type("t").title("oops").build());
            s.nextNotification();

            herald.retract(published.id());
            SseStream.SseEvent got = s.next("notification.deleted", WAIT);
            assertThat(got.text()).isEqualTo("{\"id\":\"" + published.id() + "\",\"notificationId\":\"" + published.id() + "\",\"retracted\":true}");
            herald.retract(published.id());

            assertThatThrownBy(() -> herald.update(published.id(), NotificationUpdate.builder().title("x").build()))
                    .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void unknownIdsAndBadFieldsFailWithTheHubsAnswer() {
        assertThatThrownBy(() -> herald.retract("nope-1"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.status()).isEqualTo(404));
        PublishResult published = herald.publish(Target.user("upd-dave"), Notification.builder().type("t").title("x").build());
        assertThatThrownBy(() -> herald.update(published.id(), NotificationUpdate.builder().category("no spaces").build()))
                .isInstanceOf(HeraldValidationException.class);
        assertThatThrownBy(() -> NotificationUpdate.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> herald.retract("")).isInstanceOf(IllegalArgumentException.class);
    }
}
