package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.server.support.Batches.PATH;
import static dev.herald.server.support.Batches.batch;
import static dev.herald.server.support.Batches.ids;
import static dev.herald.server.support.Batches.keyed;
import static dev.herald.server.support.Batches.notification;
import static dev.herald.server.support.Batches.seq;
import static dev.herald.server.support.Batches.toUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/notifications/batch}: one append for the whole batch (consecutive ids in the
 * order given), each recipient gets exactly its items, and idempotency works per element.
 */
class BatchPublishTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
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
    void mixedTargetsArePublishedInOrderWithConsecutiveIds() throws Exception {
        try (TestStream a = hub.stream("mix-a"); TestStream b = hub.stream("mix-b");
             TestStream c = hub.stream("mix-c"); TestStream d = hub.stream("mix-d")) {
            // Streams of earlier tests may still be closing: the broadcast's count must be exactly ours.
            await().atMost(WAIT).until(() -> hub.stat("users") == 4);
            long published = hub.stat("published");

            HttpResponse<String> r = hub.post(PATH, batch(toUser("mix-a", "one"),
                    notification("\"userIds\":[\"mix-b\",\"mix-c\",\"mix-b\"]", "two"),
                    notification("\"broadcast\":true", "three")));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("idempotent-replayed")).isEmpty();
            JsonNode reply = TestHub.json(r);
            List<String> ids = ids(reply);
            assertThat(ids).hasSize(3);
            assertThat(seq(ids.get(1))).isEqualTo(seq(ids.get(0)) + 1);
            assertThat(seq(ids.get(2))).isEqualTo(seq(ids.get(0)) + 2);
            assertThat(reply.get("items")).extracting(e -> e.get("recipients").asInt()).containsExactly(1, 2, 4);
            assertThat(reply.get("items")).allSatisfy(e -> assertThat(e.has("replayed")).isFalse());
            assertThat(hub.stat("published")).isEqualTo(published + 3);

            assertItems(a, ids.get(0), "one", ids.get(2), "three");
            assertItems(b, ids.get(1), "two", ids.get(2), "three");
            assertItems(c, ids.get(1), "two", ids.get(2), "three");
            assertItems(d, ids.get(2), "three");
            // Exactly those: a marker published afterwards is everyone's next item.
            hub.post("/v1/notifications", notification("\"broadcast\":true", "marker"));
            for (TestStream s : List.of(a, b, c, d)) {
                assertThat(s.collectItems(1, WAIT).get(0).data()).contains("\"title\":\"marker\"");
            }
        }
    }

    @Test
    void aBatchStaysContiguousInTheLogWhileOthersPublish() throws Exception {
        // A steady stream of single publishes, many in flight: appended element by element, a batch
        // would be interleaved with them; appended in one call, its numbers stay consecutive.
        HttpRequest single = HttpRequest.newBuilder(hub.uri("/v1/notifications"))
                .header("Authorization", "Bearer " + TestHub.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toUser("noise", "n"))).build();
        Semaphore inFlight = new Semaphore(64);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        Thread pump = new Thread(() -> {
            while (!stop.get()) {
                inFlight.acquireUninterruptibly();
                hub.http().sendAsync(single, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 202) {
                        refused.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
        }, "noise-pump");
        pump.start();
        try {
            for (int round = 0; round < 10; round++) {
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    elements.add(toUser("contiguous", "r" + round + "-" + i));
                }
                HttpResponse<String> r = hub.post(PATH, batch(elements));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                List<String> ids = ids(TestHub.json(r));
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(seq(ids.get(i))).as("round %d, element %d", round, i).isEqualTo(seq(ids.get(0)) + i);
                }
            }
        } finally {
            stop.set(true);
            pump.join();
            assertThat(inFlight.tryAcquire(64, 10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(refused).hasValue(0);
    }

    @Test
    void aRepeatedBatchGetsTheSameIdsMarkedReplayedAndDeliversNothingNew() throws Exception {
        try (TestStream s = hub.stream("idem-b")) {
            String body = batch(keyed(toUser("idem-b", "first"), "b-1"),
                    keyed(notification("\"userIds\":[\"idem-b\",\"idem-c\"]", "second"), "b-2"));
            HttpResponse<String> first = hub.post(PATH, body);
            long published = hub.stat("published");
            HttpResponse<String> again = hub.post(PATH, body);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            assertThat(again.headers().firstValue("idempotent-replayed")).isEmpty();
            JsonNode one = TestHub.json(first).get("items");
            JsonNode two = TestHub.json(again).get("items");
            assertThat(one).allSatisfy(e -> assertThat(e.has("replayed")).isFalse());
            for (int i = 0; i < 2; i++) {
                assertThat(two.get(i).get("id").asText()).isEqualTo(one.get(i).get("id").asText());
                assertThat(two.get(i).get("recipients").asInt()).isEqualTo(one.get(i).get("recipients").asInt());
                assertThat(two.get(i).get("replayed").asBoolean()).isTrue();
            }
            assertThat(hub.stat("published")).isEqualTo(published);

            // A batch mixing a repeat and a new key: only the new one is published.
            HttpResponse<String> mixed = hub.post(PATH, batch(keyed(toUser("idem-b", "first again"), "b-1"),
                    keyed(toUser("idem-b", "third"), "b-3")));
            JsonNode three = TestHub.json(mixed).get("items");
            assertThat(three.get(0).get("id").asText()).isEqualTo(one.get(0).get("id").asText());
            assertThat(three.get(0).get("replayed").asBoolean()).isTrue();
            assertThat(three.get(1).has("replayed")).isFalse();

            hub.notify("idem-b", "marker");
            assertThat(s.collectItems(4, WAIT)).extracting(SseEvent::data)
                    .satisfiesExactly(d -> assertThat(d).contains("\"title\":\"first\""),
                            d -> assertThat(d).contains("\"title\":\"second\""),
                            d -> assertThat(d).contains("\"title\":\"third\""),
                            d -> assertThat(d).contains("\"title\":\"marker\""));
        }
    }

    @Test
    void aKeyRepeatedInsideOneBatchIsPublishedOnce() throws Exception {
        try (TestStream s = hub.stream("idem-in")) {
            long published = hub.stat("published");
            HttpResponse<String> r = hub.post(PATH, batch(
                    keyed(notification("\"userIds\":[\"idem-in\",\"idem-other\"]", "one"), "in-1"),
                    keyed(toUser("idem-in", "two"), "in-1"),
                    toUser("idem-in", "three")));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode items = TestHub.json(r).get("items");
            assertThat(items.get(0).has("replayed")).isFalse();
            // The repeat answers like a retry of the first: its id and its recipients.
            assertThat(items.get(1).get("id").asText()).isEqualTo(items.get(0).get("id").asText());
            assertThat(items.get(1).get("recipients").asInt()).isEqualTo(2);
            assertThat(items.get(1).get("replayed").asBoolean()).isTrue();
            // A repeat takes no place in the log.
            assertThat(seq(items.get(2).get("id").asText())).isEqualTo(seq(items.get(0).get("id").asText()) + 1);
            assertThat(hub.stat("published")).isEqualTo(published + 2);

            hub.notify("idem-in", "marker");
            assertThat(s.collectItems(3, WAIT)).extracting(SseEvent::data)
                    .satisfiesExactly(d -> assertThat(d).contains("\"title\":\"one\""),
                            d -> assertThat(d).contains("\"title\":\"three\""),
                            d -> assertThat(d).contains("\"title\":\"marker\""));
        }
    }

    @Test
    void batchElementsShareTheKeysOfSingleNotifications() {
        String single = hub.publishId("/v1/notifications", keyed(toUser("idem-shared", "single"), "shared-1"));
        HttpResponse<String> r = hub.post(PATH, batch(keyed(toUser("idem-shared", "batched"), "shared-1")));
        JsonNode entry = TestHub.json(r).get("items").get(0);
        assertThat(entry.get("id").asText()).isEqualTo(single);
        assertThat(entry.get("replayed").asBoolean()).isTrue();
    }

    @Test
    void aThousandNotificationsInOneBatchAllArrive() throws Exception {
        try (TestStream s = hub.stream("thousand")) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                elements.add("{\"userId\":\"thousand\",\"type\":\"t\",\"title\":\"n" + i + "\",\"body\":\""
                        + "b".repeat(300) + "\"}");
            }
            String body = batch(elements);
            // Over the other routes' 64 KiB: this route has its own, larger limit.
            assertThat(body.length()).isGreaterThan(64 * 1024);

            HttpResponse<String> r = hub.post(PATH, body);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            List<String> ids = ids(TestHub.json(r));
            assertThat(ids).hasSize(1000);
            assertThat(seq(ids.get(999))).isEqualTo(seq(ids.get(0)) + 999);
            List<SseEvent> got = s.collectItems(1000, WAIT);
            for (int i = 0; i < 1000; i++) {
                assertThat(got.get(i).id()).isEqualTo(ids.get(i));
                assertThat(got.get(i).data()).contains("\"title\":\"n" + i + "\"");
            }
        }
    }

    /** The stream's next items are exactly these (id, title) pairs, in this order. */
    private static void assertItems(TestStream s, String... idsAndTitles) throws InterruptedException {
        List<SseEvent> got = s.collectItems(idsAndTitles.length / 2, WAIT);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).id()).isEqualTo(idsAndTitles[2 * i]);
            assertThat(got.get(i).data()).contains("\"title\":\"" + idsAndTitles[2 * i + 1] + "\"");
        }
    }
}
