package dev.herald.server;

import dev.herald.server.auth.JwtService;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledged means durable, tested the hard way: publishers keep publishing to a hub process, it is
 * killed with SIGKILL mid-stream, a new process starts on the same store, and a client reconnecting
 * with its id from before gets every publish that was answered 202, in order, once. Run per store by
 * {@link DurabilitySqliteIT} and {@link DurabilityPostgresIT}.
 */
abstract class DurabilityChecks {
    private static final String KEY = "durability-publisher-key-0123456789";
    private static final String SECRET = "durability-jwt-secret-0123456789abcdef012345";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PUBLISHERS = 4;
    private static final String USER = "survivor";

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = new JwtService(SECRET.getBytes(StandardCharsets.UTF_8)).mint(USER, Duration.ofHours(1));

    /** Environment that selects the store (on top of {@code --data-dir} in the work directory). */
    protected abstract Map<String, String> storeEnvironment();

    @Test
    void everyPublishAnswered202BeforeAKill9IsReplayedAfterTheRestart() throws Exception {
        String[] args = {"--port", "0", "--data-dir", workDir.resolve("data").toString(), "--api-keys", KEY,
                "--jwt-secret", SECRET};
        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        AtomicInteger attempted = new AtomicInteger();
        String anchor;
        try (HubProcess first = HubProcess.start(workDir, storeEnvironment(), args)) {
            int port = first.awaitPort(WAIT);
            try (TestStream s = stream(port, null)) {
                anchor = s.awaitPosition(WAIT);
            }
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Thread t = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        attempted.incrementAndGet();
                        String id = publish(port, publisher, i);
                        if (id == null) {
                            return; // the hub is gone
                        }
                        acknowledged.add(id);
                    }
                }, "publisher-" + p);
                publishers.add(t);
                t.start();
            }
            await().atMost(WAIT).until(() -> acknowledged.size() >= 400);
            first.kill9();
            for (Thread t : publishers) {
                t.join(WAIT.toMillis());
            }
        }
        int acknowledgedBeforeKill = acknowledged.size();

        try (HubProcess second = HubProcess.start(workDir, storeEnvironment(), args)) {
            int port = second.awaitPort(WAIT);
            try (TestStream s = stream(port, anchor)) {
                String marker = publish(port, 0, -1);
                assertThat(marker).isNotNull();
                List<SseEvent> got = s.itemsThrough(marker, WAIT);
                ReplayChecks.assertStrictlyIncreasing(got);
                List<String> ids = got.stream().map(SseEvent::id).toList();
                assertThat(ids).containsAll(acknowledged);
                // Publishes in flight at the kill may or may not have committed; no more than those.
                int inFlight = attempted.get() - acknowledgedBeforeKill;
                assertThat(ids.size() - 1).isBetween(acknowledgedBeforeKill, acknowledgedBeforeKill + inFlight);
            }
        }
    }

    /** A notification or an event for the user; the reply's id on 202, null once the hub is unreachable. */
    private String publish(int port, int publisher, int i) {
        boolean event = i % 2 == 1;
        String body = event
                ? "{\"userId\":\"" + USER + "\",\"event\":\"tick\",\"data\":{\"p\":" + publisher + ",\"i\":" + i + "}}"
                : "{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"p" + publisher + " #" + i + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + (event ? "/v1/events" : "/v1/notifications")))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new AssertionError("publish answered " + r.statusCode() + ": " + r.body());
            }
            return TestHub.json(r).get("id").asText();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private TestStream stream(int port, String lastEventId) throws InterruptedException {
        return TestHub.streamAt(http, port, token, lastEventId, WAIT);
    }
}
