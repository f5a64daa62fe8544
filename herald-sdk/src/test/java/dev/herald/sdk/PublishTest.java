package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publishing through the SDK to a real hub, checked on real SSE streams. */
class PublishTest {
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
    void notificationToOneUserArrivesWithEveryField() {
        try (SseStream alice = hub.stream(herald, "pub-alice")) {
            Notification n = Notification.builder().type("order.shipped").title("Shipped").body("Your order is on its way")
                    .data(Map.of("orderId", 42, "tags", List.of("a", "b"))).actionUrl("/orders/42")
                    .category("orders").tags(List.of("eu", "express"))
                    .actions(List.of(Action.of("track", "Track", "/orders/42/track"), Action.of("ok", "Got it")))
                    .priority(Priority.HIGH).ttl(Duration.ofMinutes(5)).build();

            PublishResult result = herald.publish(Target.user("pub-alice"), n);

            assertThat(result.recipients()).isEqualTo(1);
            assertThat(result.replayed()).isFalse();
            SseStream.SseEvent got = alice.nextNotification();
            assertThat(got.id()).isEqualTo(result.id());
            assertThat(got.data().get("id").asText()).isEqualTo(result.id());
            assertThat(got.data().get("type").asText()).isEqualTo("order.shipped");
            assertThat(got.data().get("title").asText()).isEqualTo("Shipped");
            assertThat(got.data().get("body").asText()).isEqualTo("Your order is on its way");
            assertThat(got.data().get("data").get("orderId").asInt()).isEqualTo(42);
            assertThat(got.data().get("data").get("tags").get(1).asText()).isEqualTo("b");
            assertThat(got.data().get("actionUrl").asText()).isEqualTo("/orders/42");
            assertThat(got.data().get("priority").asText()).isEqualTo("high");
            assertThat(got.data().get("category").asText()).isEqualTo("orders");
            assertThat(got.data().get("tags").toString()).isEqualTo("[\"eu\",\"express\"]");
            assertThat(got.data().get("actions").toString()).isEqualTo("[{\"id\":\"track\",\"label\":\"Track\","
                    + "\"url\":\"/orders/42/track\"},{\"id\":\"ok\",\"label\":\"Got it\",\"url\":null}]");
        }
    }

    @Test
    void aDigestMergesTheSecondNotificationIntoTheFirstsItem() {
        Digest digest = new Digest("comments:post-42", Duration.ofSeconds(600), "{count} new comments");
        Notification comment = Notification.builder().type("comment").title("Bob commented").digest(digest).build();
        PublishResult first = herald.publish(Target.user("pub-digest"), comment);
        PublishResult second = herald.publish(Target.user("pub-digest"), comment);

        assertThat(first.digested()).isFalse();
        assertThat(first.count()).isEqualTo(1);
        assertThat(second.digested()).isTrue();
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(comment.digest()).contains(digest);
    }

    @Test
    void minimalNotificationHasNullOptionalsAndNormalPriority() {
        try (SseStream s = hub.stream(herald, "pub-minimal")) {
            herald.publish(Target.user("pub-minimal"), Notification.builder().type("badge").title("Hi").build());

            SseStream.SseEvent got = s.nextNotification();
            assertThat(got.data().get("body").isNull()).isTrue();
            assertThat(got.data().get("data").isNull()).isTrue();
            assertThat(got.data().get("actionUrl").isNull()).isTrue();
            assertThat(got.data().get("category").isNull()).isTrue();
            assertThat(got.data().get("tags")).isEmpty();
            assertThat(got.data().get("actions")).isEmpty();
            assertThat(got.data().get("priority").asText()).isEqualTo("normal");
        }
    }

    @Test
    void notificationToSeveralUsersReachesEachOfThemOnly() {
        try (SseStream a = hub.stream(herald, "pub-list-a"); SseStream b = hub.stream(herald, "pub-list-b");
             SseStream outsider = hub.stream(herald, "pub-list-outsider")) {
            PublishResult result = herald.publish(Target.users("pub-list-a", "pub-list-b"),
                    Notification.builder().type("team").title("Standup").build());
            // A marker to the outsider afterwards: if the list publish leaked, it would arrive first.
            herald.publish(Target.user("pub-list-outsider"), Notification.builder().type("marker").title("m").build());

            assertThat(result.recipients()).isEqualTo(2);
            assertThat(a.nextNotification().data().get("title").asText()).isEqualTo("Standup");
            assertThat(b.nextNotification().data().get("title").asText()).isEqualTo("Standup");
            assertThat(outsider.nextNotification().data().get("type").asText()).isEqualTo("marker");
        }
    }

    @Test
    void broadcastReachesEveryone() {
        try (SseStream a = hub.stream(herald, "pub-all-a"); SseStream b = hub.stream(herald, "pub-all-b")) {
            PublishResult result = herald.publish(Target.everyone(),
                    Notification.builder().type("maintenance").title("Down at 5").build());

            assertThat(result.recipients()).isGreaterThanOrEqualTo(2);
            assertThat(a.nextNotification().id()).isEqualTo(result.id());
            assertThat(b.nextNotification().id()).isEqualTo(result.id());
        }
    }

    @Test
    void eventArrivesUnderItsOwnName() {
        try (SseStream s = hub.stream(herald, "pub-event")) {
            PublishResult result = herald.publish(Target.user("pub-event"),
                    Event.builder().name("score.updated").data(Map.of("home", 2, "away", 1)).build());

            SseStream.SseEvent got = s.next("score.updated", Duration.ofSeconds(5));
            assertThat(got.id()).isEqualTo(result.id());
            assertThat(got.data().get("data").get("home").asInt()).isEqualTo(2);
            assertThat(result.recipients()).isEqualTo(PublishResult.UNKNOWN_RECIPIENTS);
        }
    }

    @Test
    void anEventsCollapseKeyAndRateReachTheHub() {
        try (SseStream s = hub.stream(herald, "pub-event-collapse")) {
            PublishResult result = herald.publish(Target.user("pub-event-collapse"), Event.builder().name("upload.progress")
                    .collapseKey("upload:abc").maxRatePerSecond(4).data(Map.of("percent", 42)).build());

            SseStream.SseEvent got = s.next("upload.progress", Duration.ofSeconds(5));
            assertThat(got.id()).isEqualTo(result.id());
            assertThat(got.data().get("collapseKey").asText()).isEqualTo("upload:abc");
        }
        assertThatThrownBy(() -> Event.builder().name("x").maxRatePerSecond(1).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventDataMayBeAnyJsonValue() {
        try (SseStream s = hub.stream(herald, "pub-event-scalar")) {
            herald.publish(Target.users(List.of("pub-event-scalar")), Event.builder().name("tick").data(7).build());

            assertThat(s.next("tick", Duration.ofSeconds(5)).data().get("data").asInt()).isEqualTo(7);
        }
    }

    @Test
    void asyncPublishesComplete() throws Exception {
        try (SseStream s = hub.stream(herald, "pub-async")) {
            List<CompletableFuture<PublishResult>> futures = IntStream.range(0, 5)
                    .mapToObj(i -> herald.publishAsync(Target.user("pub-async"),
                            Notification.builder().type("n").title("async " + i).build()))
                    .toList();
            CompletableFuture<PublishResult> event = herald.publishAsync(Target.user("pub-async"),
                    Event.builder().name("async.done").build());

            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(futures).extracting(f -> f.join().id()).doesNotHaveDuplicates().hasSize(5);
            assertThat(event.get(10, TimeUnit.SECONDS).id()).isNotBlank();
            for (int i = 0; i < 5; i++) {
                assertThat(s.nextNotification().data().get("title").asText()).startsWith("async ");
            }
        }
    }

    @Test
    void sameIdempotencyKeyPublishesOnceAndReportsTheReplay() {
        try (SseStream s = hub.stream(herald, "pub-idem")) {
            Notification n = Notification.builder().type("charge").title("Paid").idempotencyKey("charge-123").build();

            PublishResult first = herald.publish(Target.user("pub-idem"), n);
            PublishResult second = herald.publish(Target.user("pub-idem"), n);
            herald.publish(Target.user("pub-idem"), Notification.builder().type("marker").title("after").build());

            assertThat(first.replayed()).isFalse();
            assertThat(second.replayed()).isTrue();
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.recipients()).isEqualTo(first.recipients());
            assertThat(s.nextNotification().id()).isEqualTo(first.id());
            // Delivered once: the next notification is the marker, not a second copy.
            assertThat(s.nextNotification().data().get("type").asText()).isEqualTo("marker");
        }
    }

    @Test
    void withoutAKeyEachPublishCallIsItsOwnPublish() {
        Notification n = Notification.builder().type("ping").title("again").build();

        PublishResult first = herald.publish(Target.user("pub-nokey"), n);
        PublishResult second = herald.publish(Target.user("pub-nokey"), n);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.replayed()).isFalse();
    }
}
