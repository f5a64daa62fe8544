package dev.herald.server;

import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gets what: isolation between users, broadcasts, lists, and several tabs of one user. */
class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(Map.of("--max-connections-per-user", "5"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /**
     * A fresh stream starts after everything acknowledged before its {@code connected} frame (its
     * anchor is at least the log's head): a publish answered 202 just before never comes on it, the
     * next one does. Each round races the reply's fan-out with the connect.
     */
    @Test
    void aStreamOpenedRightAfterA202NeverGetsThatItemButGetsTheNext() throws Exception {
        for (int round = 0; round < 40; round++) {
            String user = "after-202-" + round;
            String before = TestHub.json(hub.notify(user, "acknowledged before connecting")).get("id").asText();
            try (TestStream s = hub.stream(user)) {
                String anchor = s.awaitPosition(WAIT);
                assertThat(seq(anchor)).as("round %d: anchor at or past the acknowledged item", round)
                        .isGreaterThanOrEqualTo(seq(before));
                String after = TestHub.json(hub.notify(user, "published after connecting")).get("id").asText();
                assertThat(s.collectItems(1, WAIT).get(0).id()).as("round %d", round).isEqualTo(after);
            }
        }
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Test
    void usersOnlyEverSeeTheirOwnItemsUnderConcurrentPublishing() throws Exception {
        int users = 20;
        int publishers = 4;
        int perPublisher = 60;
        Map<String, TestStream> streams = new HashMap<>();
        for (int i = 0; i < users; i++) {
            streams.put("iso-" + i, hub.stream("iso-" + i));
        }
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        streams.keySet().forEach(u -> sent.put(u, new AtomicInteger()));
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < perPublisher; n++) {
                        String user = "iso-" + ThreadLocalRandom.current().nextInt(users);
                        int seq = sent.get(user).incrementAndGet();
                        assertThat(hub.notify(user, "for:" + user + ":" + seq).statusCode()).isEqualTo(202);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (Map.Entry<String, TestStream> e : streams.entrySet()) {
            String user = e.getKey();
            int expected = sent.get(user).get();
            List<SseEvent> got = e.getValue().collect("notification", expected, WAIT);
            assertThat(got).allSatisfy(ev -> assertThat(ev.data()).contains("\"title\":\"for:" + user + ":"));
            assertThat(got.stream().map(SseEvent::id).distinct().count()).isEqualTo(expected);
        }
        // Nothing more arrives for anyone: a final marker per user is the very next item.
        for (Map.Entry<String, TestStream> e : streams.entrySet()) {
            hub.notify(e.getKey(), "end:" + e.getKey());
            SseEvent next = e.getValue().await(ev -> ev.event().equals("notification"), WAIT);
            assertThat(next.data()).contains("\"title\":\"end:" + e.getKey() + "\"");
            e.getValue().close();
        }
    }

    @Test
    void broadcastReachesEveryUserOnce() throws Exception {
        List<TestStream> streams = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            streams.add(hub.stream("bc-" + i));
        }
        var reply = hub.post("/v1/notifications", "{\"broadcast\":true,\"type\":\"system\",\"title\":\"to all\"}");
        assertThat(reply.statusCode()).isEqualTo(202);
        assertThat(TestHub.json(reply).get("recipients").asInt()).isGreaterThanOrEqualTo(12);
        String id = TestHub.json(reply).get("id").asText();
        for (TestStream s : streams) {
            assertThat(s.awaitEvent("notification", WAIT).id()).isEqualTo(id);
        }
        hub.post("/v1/events", "{\"broadcast\":true,\"event\":\"after\",\"data\":null}");
        for (TestStream s : streams) {
            // The broadcast came exactly once: the next thing is the following event.
            assertThat(s.await(e -> !e.event().equals("connected"), WAIT).event()).isEqualTo("after");
            s.close();
        }
    }

    @Test
    void userIdsReachesExactlyTheListedUsers() throws Exception {
        TestStream a = hub.stream("list-a");
        TestStream b = hub.stream("list-b");
        TestStream c = hub.stream("list-c");
        var reply = hub.post("/v1/notifications",
                "{\"userIds\":[\"list-a\",\"list-c\",\"list-a\",\"offline-user\"],\"type\":\"t\",\"title\":\"listed\"}");
        assertThat(reply.statusCode()).isEqualTo(202);
        assertThat(TestHub.json(reply).get("recipients").asInt()).isEqualTo(3);
        assertThat(a.awaitEvent("notification", WAIT).data()).contains("listed");
        assertThat(c.awaitEvent("notification", WAIT).data()).contains("listed");
        hub.notify("list-b", "only b");
        assertThat(b.awaitEvent("notification", WAIT).data()).contains("only b");
        hub.notify("list-a", "a again");
        assertThat(a.awaitEvent("notification", WAIT).data()).contains("a again");
        for (TestStream s : List.of(a, b, c)) {
            s.close();
        }
    }

    @Test
    void everyTabOfOneUserGetsEveryItemOnce() throws Exception {
        List<TestStream> tabs = List.of(hub.stream("tabs"), hub.stream("tabs"), hub.stream("tabs"));
        for (int i = 0; i < 20; i++) {
            hub.notify("tabs", "n" + i);
        }
        for (TestStream tab : tabs) {
            List<SseEvent> got = tab.collect("notification", 20, WAIT);
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i).data()).contains("\"title\":\"n" + i + "\"");
            }
        }
        hub.notify("tabs", "last");
        for (TestStream tab : tabs) {
            assertThat(tab.awaitEvent("notification", WAIT).data()).contains("\"title\":\"last\"");
            tab.close();
        }
    }
}
