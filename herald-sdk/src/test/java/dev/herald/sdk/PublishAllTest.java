package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Herald#publishAll}: one request for many notifications, against a real hub. */
class PublishAllTest {
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
    void notificationsArePublishedInOrderToTheirOwnTargets() {
        try (SseStream a = hub.stream(herald, "all-a"); SseStream b = hub.stream(herald, "all-b")) {
            List<PublishResult> results = herald.publishAll(List.of(
                    Addressed.to(Target.user("all-a"), note("one")),
                    Addressed.to(Target.users("all-a", "all-b"), note("two")),
                    Addressed.to(Target.everyone(), note("three"))));

            assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.replayed()).isFalse());
            assertThat(results).extracting(PublishResult::recipients).startsWith(1, 2);
            assertThat(results.get(2).recipients()).isGreaterThanOrEqualTo(2);
            assertThat(results).extracting(r -> seq(r.id())).containsExactly(
                    seq(results.get(0).id()), seq(results.get(0).id()) + 1, seq(results.get(0).id()) + 2);
            assertThat(List.of(a.nextNotification(), a.nextNotification(), a.nextNotification()))
                    .extracting(SseStream.SseEvent::id).containsExactly(results.get(0).id(), results.get(1).id(), results.get(2).id());
            assertThat(List.of(b.nextNotification(), b.nextNotification()))
                    .extracting(e -> e.data().get("title").asText()).containsExactly("two", "three");
        }
    }

    @Test
    void aRepeatedBatchIsReplayedPerNotification() {
        try (SseStream s = hub.stream(herald, "all-idem")) {
            List<Addressed> batch = List.of(
                    Addressed.to(Target.user("all-idem"), note("first", "all-idem-1")),
                    Addressed.to(Target.user("all-idem"), note("second", "all-idem-2")));
            List<PublishResult> first = herald.publishAll(batch);
            List<PublishResult> again = herald.publishAll(batch);

            assertThat(first).allSatisfy(r -> assertThat(r.replayed()).isFalse());
            assertThat(again).allSatisfy(r -> assertThat(r.replayed()).isTrue());
            assertThat(again).extracting(PublishResult::id).containsExactlyElementsOf(first.stream().map(PublishResult::id).toList());
            herald.publish(Target.user("all-idem"), note("marker"));
            assertThat(List.of(s.nextNotification(), s.nextNotification(), s.nextNotification()))
                    .extracting(e -> e.data().get("title").asText()).containsExactly("first", "second", "marker");
        }
    }

    @Test
    void anInvalidNotificationFailsTheWholeBatchNamingIt() {
        try (SseStream s = hub.stream(herald, "all-bad")) {
            Notification bad = Notification.builder().type("not a valid type").title("x").build();

            assertThatThrownBy(() -> herald.publishAll(List.of(
                    Addressed.to(Target.user("all-bad"), note("valid")), Addressed.to(Target.user("all-bad"), bad))))
                    .isInstanceOf(HeraldValidationException.class)
                    .hasMessageContaining("notifications[1]: type must match")
                    .satisfies(e -> assertThat(((HeraldException) e).code()).isEqualTo("validation_failed"));
            herald.publish(Target.user("all-bad"), note("marker"));
            assertThat(s.nextNotification().data().get("title").asText()).isEqualTo("marker");
        }
    }

    @Test
    void argumentsThatCanNeverBeValidAreRefusedBeforeSending() {
        assertThatThrownBy(() -> herald.publishAll(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> herald.publishAll(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> herald.publishAll(Arrays.asList(Addressed.to(Target.user("x"), note("x")), null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Addressed.to(null, note("x"))).isInstanceOf(NullPointerException.class);
    }

    private static Notification note(String title) {
        return Notification.builder().type("batch").title(title).build();
    }

    private static Notification note(String title, String key) {
        return Notification.builder().type("batch").title(title).idempotencyKey(key).build();
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
