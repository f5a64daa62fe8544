package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.item.EventId;
import dev.herald.server.support.PushServiceDouble;
import dev.herald.server.support.PushServiceDouble.Received;
import dev.herald.server.support.PushServiceDouble.Subscriber;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web Push end to end, per store: a real hub sends real encrypted, VAPID-signed pushes to a real push
 * service that decrypts them ({@link PushServiceDouble}). Policy, muting, 410, 429 with Retry-After,
 * and pending pushes surviving a restart. Negative cases publish a marker push after the one that must
 * not go out, then wait for the marker and an empty queue: the cursor had passed the first by then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PushDeliveryChecks {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private PushServiceDouble pushService;
    private TestHub hub;

    protected abstract StoreKind store();

    @BeforeAll
    void start() {
        pushService = PushServiceDouble.start();
        hub = TestHub.start(store(), Map.of("--push-allowed-http-hosts", pushService.host()));
    }

    @AfterEach
    void nothingFailedToDecryptOrVerify() {
        assertThat(pushService.failures()).isEmpty();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (pushService != null) {
            pushService.close();
        }
    }

    private Subscriber subscribe(String user) {
        Subscriber s = pushService.subscriber();
        assertThat(hub.asUser(user, "POST", "/v1/me/push-subscriptions", s.json()).statusCode()).isEqualTo(201);
        return s;
    }

    private String publish(String json) {
        return hub.publishId("/v1/notifications", json);
    }

    private static String user() {
        return "u-" + UUID.randomUUID();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Every pending push settled: whatever was decided before now has been sent or dropped. */
    private void awaitQueueEmpty() throws InterruptedException {
        await("an empty push queue", () -> hub.server().hub().store().pushQueueDepth().join() == 0);
    }

    /** A push that must arrive, published after the ones that must not. */
    private void sendMarkerAndSettle(String user, Subscriber s, int expectedTotal) throws InterruptedException {
        publish("{\"userId\":\"" + user + "\",\"type\":\"marker\",\"title\":\"marker\",\"push\":\"always\"}");
        pushService.awaitMessages(s, expectedTotal, WAIT);
        awaitQueueEmpty();
    }

    @Test
    void aBurstOfOneHundredCommentsInOneDigestIsOnePush() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        String first = null;
        for (int i = 1; i <= 100; i++) {
            String id = publish("{\"userId\":\"" + user + "\",\"type\":\"comment\",\"title\":\"Comment " + i
                    + "\",\"digest\":{\"key\":\"comments:post-42\",\"windowSeconds\":3600},"
                    + "\"digestTitle\":\"{count} new comments\"}");
            first = first == null ? id : first;
            assertThat(id).as("every comment went to the digest").isEqualTo(first);
        }
        // The marker is published after the burst: once it has arrived and the queue is empty, the
        // push cursor has passed everything the burst produced.
        sendMarkerAndSettle(user, s, 2);
        // Pushes of one batch are sent side by side (and push services need not keep order): the marker
        // may arrive first (CI saw it when one scan took the digest and the marker together).
        List<Received> got = pushService.received(s);
        assertThat(got).extracting(m -> TestHub.json(m.text()).get("title").asText().equals("marker")
                        ? "marker" : TestHub.json(m.text()).get("id").asText())
                .containsExactlyInAnyOrder(first, "marker");
        JsonNode inbox = TestHub.json(hub.asUser(user, "GET", "/v1/me/notifications", null)).get("items");
        assertThat(inbox).hasSize(2);
        assertThat(inbox.get(1).get("count").asInt()).isEqualTo(100);
    }

    @Test
    void aUserWithNoOpenStreamGetsADecryptablePushOfTheNotification() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        String id = publish("{\"userId\":\"" + user + "\",\"type\":\"comment\",\"category\":\"social\","
                + "\"title\":\"New comment\",\"body\":\"Nice post\",\"actionUrl\":\"https://app.example/p/1\","
                + "\"priority\":\"urgent\"}");

        Received r = pushService.awaitMessages(s, 1, WAIT).get(0);
        JsonNode payload = TestHub.json(r.text());
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("title").asText()).isEqualTo("New comment");
        assertThat(payload.get("body").asText()).isEqualTo("Nice post");
        assertThat(payload.get("actionUrl").asText()).isEqualTo("https://app.example/p/1");
        assertThat(payload.get("type").asText()).isEqualTo("comment");
        assertThat(payload.get("category").asText()).isEqualTo("social");
        assertThat(r.urgency()).isEqualTo("high");
        assertThat(r.topic()).isEqualTo("social");
        assertThat(Long.parseLong(r.ttl())).isPositive();
        awaitQueueEmpty();
        assertThat(TestHub.json(hub.get("/v1/stats")).at("/push/sent").asLong()).isPositive();
    }

    @Test
    void aLongBodyIsCutSoThePushFitsOneRecord() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"long\",\"body\":\"" + "é".repeat(5000) + "\"}");
        Received r = pushService.awaitMessages(s, 1, WAIT).get(0);
        assertThat(r.plaintext().length).isLessThanOrEqualTo(3993);
        assertThat(TestHub.json(r.text()).get("body").asText()).startsWith("éé").endsWith("\u2026");
    }

    @Test
    void anOpenStreamMeansNoPushUnderOfflineButOneUnderAlways() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        try (TestStream stream = hub.stream(user)) {
            stream.awaitPosition(WAIT);
            publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"while online\"}");
            publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"always\",\"push\":\"always\"}");
            sendMarkerAndSettle(user, s, 2);
        }
        assertThat(pushService.received(s)).extracting(m -> TestHub.json(m.text()).get("title").asText())
                .containsExactlyInAnyOrder("always", "marker");
    }

    @Test
    void neverAndMutedCategoriesAndTypesAreNotPushed() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        assertThat(hub.asUser(user, "PUT", "/v1/me/preferences",
                "{\"mutedTypes\":[\"noisy\"],\"mutedCategories\":[\"promo\"]}").statusCode()).isEqualTo(200);
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"never\",\"push\":\"never\"}");
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"category\":\"promo\",\"title\":\"muted category\"}");
        publish("{\"userId\":\"" + user + "\",\"type\":\"noisy\",\"title\":\"muted type\"}");
        sendMarkerAndSettle(user, s, 1);
        assertThat(pushService.received(s)).extracting(m -> TestHub.json(m.text()).get("title").asText())
                .containsExactly("marker");
    }

    @Test
    void preferencesPushFalseStopsPushesAndTrueBringsThemBack() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        HttpResponse<String> off = hub.asUser(user, "PUT", "/v1/me/preferences", "{\"push\":false}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(off).get("push").asBoolean()).isFalse();
        assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/preferences", null)).get("push").asBoolean()).isFalse();
        assertThat(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"push\":\"no\"}").statusCode()).isEqualTo(422);
        long whileOff = EventId.parse(publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"while off\","
                + "\"push\":\"always\"}")).seq();
        // Preferences apply when the notification is looked at: wait until it was, before turning push on again.
        await("the push cursor to pass the notification", () ->
                hub.server().hub().store().pushCursor().join() >= whileOff);

        // Muting a type keeps push off: a field left out is kept.
        assertThat(TestHub.json(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"mutedTypes\":[\"x\"]}"))
                .get("push").asBoolean()).isFalse();
        assertThat(hub.asUser(user, "PUT", "/v1/me/preferences", "{\"push\":true}").statusCode()).isEqualTo(200);
        sendMarkerAndSettle(user, s, 1);
        assertThat(pushService.received(s)).extracting(m -> TestHub.json(m.text()).get("title").asText())
                .containsExactly("marker");
    }

    @Test
    void anUnknownPushPolicyIs422() {
        HttpResponse<String> r = hub.post("/v1/notifications",
                "{\"userId\":\"x\",\"type\":\"t\",\"title\":\"t\",\"push\":\"sometimes\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestHub.json(r).at("/error/message").asText()).isEqualTo("push must be one of offline, always, never");
    }

    @Test
    void aGoneEndpointDeletesTheSubscription() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        pushService.respond(s, 410, Map.of(), 1);
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"to a gone browser\"}");
        await("the subscription to be deleted", () ->
                TestHub.json(hub.asUser(user, "GET", "/v1/me/push-subscriptions", null)).get("items").isEmpty());
        assertThat(pushService.received(s)).isEmpty();
    }

    @Test
    void aThrottledPushIsRetriedAfterRetryAfterAndDeliveredOnce() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        pushService.respond(s, 429, Map.of("Retry-After", "1"), 1);
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"throttled\"}");
        pushService.awaitMessages(s, 1, WAIT);
        awaitQueueEmpty();
        assertThat(pushService.received(s)).hasSize(1);
        assertThat(TestHub.json(hub.get("/v1/stats")).at("/push/retried").asLong()).isPositive();
    }

    @Test
    void pendingPushesSurviveARestart() throws Exception {
        String user = user();
        Subscriber s = subscribe(user);
        pushService.respond(s, 503, Map.of(), 1);
        long retriedBefore = TestHub.json(hub.get("/v1/stats")).at("/push/retried").asLong();
        publish("{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"across a restart\"}");
        await("the first attempt to fail", () ->
                TestHub.json(hub.get("/v1/stats")).at("/push/retried").asLong() > retriedBefore);
        assertThat(pushService.received(s)).isEmpty();

        hub.restart();

        List<Received> got = pushService.awaitMessages(s, 1, WAIT);
        assertThat(TestHub.json(got.get(0).text()).get("title").asText()).isEqualTo("across a restart");
        awaitQueueEmpty();
        assertThat(pushService.received(s)).hasSize(1);
    }

    @Test
    void aSubscriptionSavedWithBadInputChangesNothing() {
        String user = user();
        HttpResponse<String> r = hub.asUser(user, "POST", "/v1/me/push-subscriptions",
                pushService.subscriber().json().replace("http://", "http://evil."));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestHub.json(hub.asUser(user, "GET", "/v1/me/push-subscriptions", null)).get("items")).isEmpty();
    }
}
