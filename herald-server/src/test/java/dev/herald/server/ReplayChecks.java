package dev.herald.server;

import dev.herald.server.http.Json;
import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay guarantee over real HTTP on a durable store: a reconnecting client gets exactly what it
 * missed, in order, once, then live items with no gap or duplicate at the seam, also while other
 * publishers keep publishing; across a restart; and a {@code reset} once retention removed items.
 * Run once per store by {@link ReplaySqliteTest} and {@link ReplayPostgresTest}.
 */
abstract class ReplayChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void fiveHundredMixedItemsMissedWhileAwayReplayExactlyInOrderThenLive() throws Exception {
        String user = "replay-500";
        String anchor = anchorOf(user);
        String toRead = hub.publishId("/v1/notifications", notification(user, "to be read"));

        // 500 items for the user of every kind: direct notifications and events, list and broadcast
        // items, and the user's own read/delete sync items; with other users' items in between.
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; names.size() < 500; i++) {
            switch (i % 6) {
                case 0 -> expect(names, ids, "notification", hub.publishId("/v1/notifications", notification(user, "n" + i)));
                case 1 -> expect(names, ids, "score.updated", hub.publishId("/v1/events", event(user, i)));
                case 2 -> expect(names, ids, "notification", hub.publishId("/v1/notifications",
                        "{\"userIds\":[\"someone\"," + Json.string(user) + ",\"other\"],\"type\":\"t\",\"title\":\"l" + i + "\"}"));
                case 3 -> expect(names, ids, "board.updated", hub.publishId("/v1/events",
                        "{\"broadcast\":true,\"event\":\"board.updated\",\"data\":" + i + "}"));
                case 4 -> {
                    // Sync items: the reply names no id, so only their place in the order is known.
                    assertThat(hub.asUser(user, "POST", "/v1/me/notifications/" + toRead + "/read", null).statusCode())
                            .isEqualTo(204);
                    expect(names, ids, "notification.read", null);
                }
                default -> {
                    hub.publishId("/v1/notifications", notification("not-" + user, "x" + i));
                    hub.publishId("/v1/events", "{\"userIds\":[\"a\",\"b\"],\"event\":\"score.updated\",\"data\":1}");
                }
            }
        }

        try (TestStream again = hub.stream(user, "", anchor)) {
            List<SseEvent> got = again.collectItems(501, WAIT); // the first is the notification to be read
            assertThat(got.get(0).id()).isEqualTo(toRead);
            List<SseEvent> missed = got.subList(1, got.size());
            assertThat(missed).extracting(SseEvent::event).containsExactlyElementsOf(names);
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) != null) {
                    assertThat(missed.get(i).id()).as("item %d", i).isEqualTo(ids.get(i));
                }
            }
            assertStrictlyIncreasing(got);

            String live = hub.publishId("/v1/notifications", notification(user, "live"));
            SseEvent next = again.collectItems(1, WAIT).get(0);
            assertThat(next.id()).isEqualTo(live);
        }
    }

    /**
     * Property-style: many rounds, each with a random backlog and several publishers racing the
     * reconnect. Whatever the interleaving, the stream holds every acknowledged item for the user
     * after its position exactly once, in sequence order.
     */
    @Test
    void concurrentPublishersDuringReplayLeaveNoGapAndNoDuplicateAtTheSeam() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        ExecutorService publishers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 12; round++) {
                String user = "seam-" + round;
                String anchor = anchorOf(user);
                Set<String> acknowledged = new ConcurrentSkipListSet<>();
                int backlog = random.nextInt(150);
                for (int i = 0; i < backlog; i++) {
                    acknowledged.add(publishMixed(user, random.nextInt(4), i));
                }
                List<Future<?>> running = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    int count = 20 + random.nextInt(60);
                    long publisherSeed = random.nextLong();
                    running.add(publishers.submit(() -> {
                        Random r = new Random(publisherSeed);
                        for (int i = 0; i < count; i++) {
                            acknowledged.add(publishMixed(user, r.nextInt(4), i));
                            if (r.nextInt(4) == 0) {
                                hub.publishId("/v1/notifications", notification("bystander", "noise"));
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(random.nextInt(15));
                try (TestStream again = hub.stream(user, "", anchor)) {
                    for (Future<?> f : running) {
                        f.get();
                    }
                    String marker = hub.publishId("/v1/notifications", notification(user, "marker"));
                    acknowledged.add(marker);
                    List<SseEvent> got = again.collectItems(acknowledged.size(), WAIT);
                    String context = "round " + round + " (seed " + seed + ")";
                    assertStrictlyIncreasing(got);
                    assertThat(got.get(got.size() - 1).id()).as(context).isEqualTo(marker);
                    assertThat(new TreeSet<>(got.stream().map(SseEvent::id).toList())).as(context)
                            .isEqualTo(new TreeSet<>(acknowledged));
                    assertThat(again.next(Duration.ofMillis(100))).as(context + ": nothing after the marker").isNull();
                }
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /**
     * A reconnect storm: many streams replay several pages each at once while live publishing goes
     * on. Every stream gets its backlog exactly, and a live stream keeps receiving meanwhile.
     */
    @Test
    void aStormOfReconnectingStreamsAllResumeWhileLiveDeliveryContinues() throws Exception {
        int users = 120;
        String anchor = anchorOf("storm-0"); // positions are global: one anchor serves every user
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            backlog.add(hub.publishId("/v1/events", "{\"broadcast\":true,\"event\":\"board.updated\",\"data\":" + i + "}"));
        }
        try (TestStream watcher = hub.stream("storm-watcher")) {
            List<TestStream> storm = new ArrayList<>();
            ExecutorService openers = Executors.newFixedThreadPool(16);
            try {
                List<Future<TestStream>> opening = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    String user = "storm-" + u;
                    opening.add(openers.submit(() -> hub.stream(user, "", anchor)));
                }
                List<String> live = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    live.add(hub.publishId("/v1/notifications", notification("storm-watcher", "live " + i)));
                }
                for (Future<TestStream> f : opening) {
                    storm.add(f.get());
                }
                assertThat(watcher.collectItems(20, WAIT)).extracting(SseEvent::id).containsExactlyElementsOf(live);
                for (TestStream s : storm) {
                    assertThat(s.collectItems(backlog.size(), WAIT)).extracting(SseEvent::id)
                            .containsExactlyElementsOf(backlog);
                }
            } finally {
                openers.shutdownNow();
                storm.forEach(TestStream::close);
            }
        }
    }

    @Test
    void aRestartedHubReplaysFromAnIdGivenBeforeTheRestart() throws Exception {
        String user = "restart-replay";
        String anchor = anchorOf(user);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(hub.publishId("/v1/notifications", notification(user, "before restart " + i)));
        }
        hub.restart();
        try (TestStream again = hub.stream(user, "", anchor)) {
            assertThat(again.collectItems(20, WAIT)).extracting(SseEvent::id).containsExactlyElementsOf(before);
            String after = hub.publishId("/v1/notifications", notification(user, "after restart"));
            assertThat(again.collectItems(1, WAIT).get(0).id()).isEqualTo(after);
        }
        assertThat(hub.stat("resets")).isZero();
    }

    /**
     * Retention on a hub of its own (events kept 1 s): expired notifications leave the inbox at their
     * expiry; removed items raise the horizon; an id at the horizon still replays exactly, one below
     * it gets {@code reset} with {@code expired}.
     */
    @Test
    void retentionRemovesItemsAndAnIdBelowTheHorizonGetsReset() throws Exception {
        try (TestHub short_ = TestHub.start(store(), Map.of("--event-retention", "1s"))) {
            String user = "retained";
            String anchor;
            try (TestStream s = short_.stream(user)) {
                anchor = s.awaitPosition(WAIT);
            }
            String event = short_.publishId("/v1/events", event(user, 1));
            String brief = short_.publishId("/v1/notifications",
                    "{\"userId\":\"retained\",\"type\":\"t\",\"title\":\"brief\",\"ttlSeconds\":1}");
            String kept = short_.publishId("/v1/notifications", notification(user, "kept"));
            assertThat(inboxIds(short_, user)).containsExactly(kept, brief);

            // Within retention (and before any prune): everything replays.
            try (TestStream s = short_.stream(user, "", anchor)) {
                assertThat(s.collectItems(3, WAIT)).extracting(SseEvent::id).containsExactly(event, brief, kept);
            }

            Thread.sleep(1100);
            // Expired notifications leave the inbox at their expiry, before retention removes them.
            assertThat(inboxIds(short_, user)).containsExactly(kept);
            assertThat(TestHub.json(short_.asUser(user, "GET", "/v1/me/notifications/unread-count", null))
                    .get("unreadCount").asInt()).isEqualTo(1);

            int removed = short_.server().hub().store().prune(System.currentTimeMillis()).get();
            assertThat(removed).isEqualTo(2);

            try (TestStream s = short_.stream(user, "", anchor)) {
                SseEvent reset = s.awaitEvent("reset", WAIT);
                assertThat(reset.data()).isEqualTo("{\"reason\":\"expired\"}");
                String live = short_.publishId("/v1/notifications", notification(user, "after reset"));
                assertThat(s.collectItems(1, WAIT).get(0).id()).isEqualTo(live);
            }
            // The horizon is the highest removed number: a client that saw it lost nothing.
            try (TestStream s = short_.stream(user, "", brief)) {
                assertThat(s.collectItems(1, WAIT).get(0).id()).isEqualTo(kept);
            }
        }
    }

    @Test
    void idsTheStoreNeverIssuedGetResetWithTheirReason() throws Exception {
        String user = "bad-ids";
        String current = anchorOf(user);
        String epoch = current.substring(0, current.lastIndexOf('-'));
        assertThat(resetReason(user, epoch + "-999999999")).isEqualTo("unknown_position");
        assertThat(resetReason(user, "zzzzzzzzzz-1")).isEqualTo("unknown_epoch");
        assertThat(resetReason(user, "not an id")).isEqualTo("invalid_id");
    }

    private String resetReason(String user, String lastEventId) throws InterruptedException {
        try (TestStream s = hub.stream(user, "", lastEventId)) {
            return TestHub.json(s.awaitEvent("reset", WAIT).data()).get("reason").asText();
        }
    }

    /** One item for the user: a direct notification, an event, a list notification, or a broadcast event. */
    private String publishMixed(String user, int kind, int i) {
        return switch (kind) {
            case 0 -> hub.publishId("/v1/notifications", notification(user, "m" + i));
            case 1 -> hub.publishId("/v1/events", event(user, i));
            case 2 -> hub.publishId("/v1/notifications",
                    "{\"userIds\":[" + Json.string(user) + ",\"bystander\"],\"type\":\"t\",\"title\":\"l" + i + "\"}");
            default -> hub.publishId("/v1/events", "{\"broadcast\":true,\"event\":\"board.updated\",\"data\":" + i + "}");
        };
    }

    private static void expect(List<String> names, List<String> ids, String name, String id) {
        names.add(name);
        ids.add(id);
    }

    private static String notification(String user, String title) {
        return "{\"userId\":" + Json.string(user) + ",\"type\":\"t\",\"title\":" + Json.string(title) + "}";
    }

    private static String event(String user, int n) {
        return "{\"userId\":" + Json.string(user) + ",\"event\":\"score.updated\",\"data\":{\"n\":" + n + "}}";
    }

    private static List<String> inboxIds(TestHub h, String user) {
        List<String> out = new ArrayList<>();
        TestHub.json(h.asUser(user, "GET", "/v1/me/notifications", null)).get("items")
                .forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private String anchorOf(String user) throws InterruptedException {
        try (TestStream s = hub.stream(user)) {
            return s.awaitPosition(WAIT);
        }
    }

    static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    static void assertStrictlyIncreasing(List<SseEvent> items) {
        for (int i = 1; i < items.size(); i++) {
            assertThat(seq(items.get(i).id())).as("item %d (%s) after %s", i, items.get(i).id(), items.get(i - 1).id())
                    .isGreaterThan(seq(items.get(i - 1).id()));
        }
    }
}
