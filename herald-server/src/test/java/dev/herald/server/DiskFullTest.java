package dev.herald.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.sqlite.SmallDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disk under the SQLite store fills up while publishers post single notifications, batches and
 * events and a subscriber keeps changing preferences; then space returns. While it is full every
 * write is answered 503 store_unavailable with Retry-After and leaves nothing behind, /health says
 * why, and the node logs it once; afterwards the node writes again by itself, and a client resuming
 * from before gets every acknowledged write exactly once — also after a restart.
 */
class DiskFullTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER = "disk";
    /** Enough text per item that the small disk fills in a few hundred writes. */
    private static final String PAD = "x".repeat(3000);

    private SmallDisk disk;
    private TestHub hub;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> loops = new ArrayList<>();
    /** Every write as a key (n:title, b:title, e:i, p:type) and what the hub answered. */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<String> lastPreference = new AtomicReference<>();
    private final AtomicInteger successesAfterFree = new AtomicInteger();
    private final AtomicBoolean freed = new AtomicBoolean();
    private ListAppender<ILoggingEvent> logs;

    @AfterEach
    void tearDown() throws InterruptedException {
        stop.set(true);
        for (Thread t : loops) {
            t.join(30_000);
        }
        if (logs != null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        if (hub != null) {
            hub.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void writesAreRefusedCleanlyWhileTheDiskIsFullAndTheNodeRecoversByItself() throws Exception {
        disk = SmallDisk.mount(12);
        hub = TestHub.start(Map.of("--data-dir", disk.path().resolve("data").toString()));
        logs = captureWarnings();
        String anchor;
        try (TestStream s = hub.stream(USER)) {
            anchor = s.awaitPosition(WAIT);
        }
        String readable = hub.publishId("/v1/notifications", notification("to-read"));
        String deletable = hub.publishId("/v1/notifications", notification("to-delete"));
        acknowledged.add("n:to-read");
        acknowledged.add("n:to-delete");

        loop("single", i -> {
            String title = "single-" + i;
            return record("n:" + title, hub.post("/v1/notifications", notification(title)));
        });
        loop("batch", i -> {
            StringBuilder body = new StringBuilder("{\"notifications\":[");
            List<String> keys = new ArrayList<>();
            for (int j = 0; j < 20; j++) {
                String title = "batch-" + i + "-" + j;
                keys.add("b:" + title);
                body.append(j == 0 ? "" : ",").append(notification(title));
            }
            HttpResponse<String> r = hub.post("/v1/notifications/batch", body.append("]}").toString());
            boolean ok = record(keys.get(0), r);
            (ok ? acknowledged : refused).addAll(keys);
            return ok;
        });
        loop("events", i -> record("e:" + i, hub.post("/v1/events",
                "{\"userId\":\"" + USER + "\",\"event\":\"tick\",\"data\":{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}}")));
        loop("preferences", i -> {
            String type = "muted-" + i;
            boolean ok = record("p:" + type, hub.asUser(USER, "PUT", "/v1/me/preferences",
                    "{\"mutedTypes\":[\"" + type + "\"]}"));
            if (ok) {
                lastPreference.set(type);
            }
            return ok;
        });

        await().atMost(WAIT).until(() -> acknowledged.size() >= 40);
        disk.fill();
        await().atMost(WAIT).until(() -> refusedOf("n:") >= 5 && refusedOf("b:") >= 20 && refusedOf("e:") >= 5
                && refusedOf("p:") >= 5);

        // Inbox changes are refused alike, and change nothing.
        assertRefused(hub.asUser(USER, "POST", "/v1/me/notifications/" + readable + "/read", null));
        assertRefused(hub.asUser(USER, "DELETE", "/v1/me/notifications/" + deletable, null));
        JsonNode health = TestHub.json(hub.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.get("store").asText()).isEqualTo("unavailable");
        assertThat(health.get("reasons").toString()).contains("SQLITE_FULL");

        disk.free();
        freed.set(true);
        // No restart, no repair: every kind of write works again.
        await().atMost(WAIT).until(() -> successesAfterFree.get() >= 20);
        await().atMost(WAIT).until(() -> TestHub.json(hub.get("/health")).get("status").asText().equals("ok"));
        stop.set(true);
        for (Thread t : loops) {
            t.join(WAIT.toMillis());
        }
        assertThat(unexpected).isEmpty();
        assertThat(refused).doesNotContainAnyElementsOf(acknowledged);

        assertReplayedExactlyOnce(anchor);
        assertThat(TestHub.json(hub.asUser(USER, "GET", "/v1/me/preferences", null)).get("mutedTypes").get(0).asText())
                .as("the last acknowledged preferences, not a refused later one").isEqualTo(lastPreference.get());
        Map<String, JsonNode> inbox = wholeInbox();
        assertThat(inbox).as("the refused delete changed nothing").containsKey(deletable);
        assertThat(inbox.get(readable).get("read").asBoolean()).as("the refused mark-read changed nothing").isFalse();

        List<ILoggingEvent> warnings = logs.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().startsWith("dev.herald"))
                .toList();
        assertThat(warnings).as("one WARN for the outage, not one per refused write").hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("SQLITE_FULL");

        hub.restart();
        acknowledged.add("n:after-restart");
        hub.publishId("/v1/notifications", notification("after-restart"));
        assertReplayedExactlyOnce(anchor);
    }

    /** A client resuming from before the outage gets every acknowledged write, once, and nothing refused. */
    private void assertReplayedExactlyOnce(String anchor) throws InterruptedException {
        String marker = hub.publishId("/v1/events", "{\"userId\":\"" + USER + "\",\"event\":\"marker\",\"data\":null}");
        acknowledged.add("m:" + marker);
        try (TestStream s = hub.stream(USER, "", anchor)) {
            List<SseEvent> items = s.itemsThrough(marker, WAIT);
            ReplayChecks.assertStrictlyIncreasing(items);
            List<String> keys = new ArrayList<>();
            for (SseEvent e : items) {
                keys.add(keyOf(e));
            }
            assertThat(new HashSet<>(keys)).as("each item once").hasSameSizeAs(keys);
            assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(acknowledged));
        }
    }

    /** Every notification in the user's inbox by id, page after page. */
    private Map<String, JsonNode> wholeInbox() {
        Map<String, JsonNode> all = new java.util.HashMap<>();
        String before = null;
        do {
            JsonNode page = TestHub.json(hub.asUser(USER, "GET", "/v1/me/notifications?limit=100"
                    + (before == null ? "" : "&before=" + before), null));
            page.get("items").forEach(item -> all.put(item.get("id").asText(), item));
            before = page.get("nextBefore").isNull() ? null : page.get("nextBefore").asText();
        } while (before != null);
        return all;
    }

    private static String keyOf(SseEvent e) {
        JsonNode data = TestHub.json(e.data());
        return switch (e.event()) {
            case "notification" -> (data.get("title").asText().startsWith("batch-") ? "b:" : "n:") + data.get("title").asText();
            case "tick" -> "e:" + data.get("data").get("i").asInt();
            case "preferences.updated" -> "p:" + data.get("mutedTypes").get(0).asText();
            case "marker" -> "m:" + e.id();
            default -> "unexpected:" + e.event();
        };
    }

    private interface Write {
        boolean attempt(int i);
    }

    /** Runs one kind of write over and over on its own thread until the test stops it. */
    private void loop(String name, Write write) {
        Thread t = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    if (write.attempt(i) && freed.get()) {
                        successesAfterFree.incrementAndGet();
                    }
                } catch (RuntimeException | AssertionError e) {
                    unexpected.add(name + ": " + e);
                }
            }
        }, "disk-full-" + name);
        loops.add(t);
        t.start();
    }

    /** Files the write under acknowledged or refused; anything but 2xx or a clean 503 is unexpected. */
    private boolean record(String key, HttpResponse<String> r) {
        if (r.statusCode() == 202 || r.statusCode() == 200) {
            acknowledged.add(key);
            return true;
        }
        assertRefused(r);
        refused.add(key);
        return false;
    }

    private static void assertRefused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("store_unavailable");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    }

    private long refusedOf(String prefix) {
        return refused.stream().filter(k -> k.startsWith(prefix)).count();
    }

    private static String notification(String title) {
        return "{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"" + title + "\",\"body\":\"" + PAD + "\"}";
    }

    private static ListAppender<ILoggingEvent> captureWarnings() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        return appender;
    }
}
