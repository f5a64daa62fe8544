package dev.herald.server;

import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.auth.JwtService;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.TestVapid;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node of a two-node cluster (real processes) goes away while publishers keep publishing: killed
 * with SIGKILL, or drained with SIGTERM. Its client moves to the other node with its last id and ends
 * up with every publish that was answered 202, in order, once.
 */
@RequiresPostgres
@RequiresRedis
class ClusterNodeLossIT {
    private static final String KEY = "cluster-publisher-key-0123456789";
    private static final String SECRET = "cluster-jwt-secret-0123456789abcdef0123456789";
    private static final String USER = "traveller";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;
    private String schema;
    private final List<HubProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = new JwtService(SECRET.getBytes(StandardCharsets.UTF_8)).mint(USER, Duration.ofHours(1));

    @BeforeEach
    void createSchema() {
        schema = TestPostgres.newSchema();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HubProcess::close);
        TestPostgres.dropSchema(schema);
    }

    /** Starts node {@code id} as its own process and returns its port. */
    private HubProcess node(String id) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(id));
        Map<String, String> env = Map.of("HERALD_POSTGRES_URL", TestPostgres.urlFor(schema),
                "HERALD_REDIS_URL", TestRedis.URL, "HERALD_NODE_ID", id, "HERALD_API_KEYS", KEY,
                "HERALD_JWT_SECRET", SECRET, "HERALD_SHUTDOWN_GRACE_MS", "5000",
                "HERALD_VAPID_PUBLIC_KEY", TestVapid.PUBLIC_KEY, "HERALD_VAPID_PRIVATE_KEY", TestVapid.PRIVATE_KEY,
                "HERALD_VAPID_SUBJECT", TestVapid.SUBJECT);
        HubProcess p = HubProcess.start(dir, env, "--port", "0", "--data-dir", dir.resolve("data").toString());
        processes.add(p);
        return p;
    }

    @Test
    void aKilledNodesClientResumesOnTheOtherNodeWithoutLoss() throws Exception {
        HubProcess a = node("a");
        int portA = a.awaitPort(WAIT);
        int portB = node("b").awaitPort(WAIT);
        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<SseEvent> received = new ArrayList<>();
        try (TestStream onA = stream(portA, null)) {
            Thread publisher = publisher(List.of(portA, portB), acknowledged, stop);
            await().atMost(WAIT).until(() -> acknowledged.size() >= 150);
            a.kill9();
            await().atMost(WAIT).until(onA::ended);
            moveTo(portB, onA, publisher, stop, acknowledged, received);
        }
        assertEveryAcknowledgedOnceInOrder(received, acknowledged);
    }

    @Test
    void aDrainedNodeSendsItsClientsElsewhereWithoutLoss() throws Exception {
        HubProcess a = node("a");
        int portA = a.awaitPort(WAIT);
        int portB = node("b").awaitPort(WAIT);
        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<SseEvent> received = new ArrayList<>();
        try (TestStream onA = stream(portA, null)) {
            // Publishing goes on through the other node the whole time.
            Thread publisher = publisher(List.of(portB), acknowledged, stop);
            await().atMost(WAIT).until(() -> acknowledged.size() >= 100);
            a.sigterm();
            await().atMost(WAIT).until(onA::ended);
            assertThat(onA.endedCleanly()).as("the drained node ends its streams properly").isTrue();
            // Besides the greeting's retry, a short one just before the end: reconnect now, elsewhere.
            String raw = onA.rawText();
            String tail = raw.substring(raw.lastIndexOf("retry: "));
            long retry = Long.parseLong(tail.substring(7, tail.indexOf('\n')));
            assertThat(raw.indexOf("retry: ")).isLessThan(raw.lastIndexOf("retry: "));
            assertThat(retry).isBetween(100L, 1100L);
            moveTo(portB, onA, publisher, stop, acknowledged, received);
            // 143 is the JVM's exit status after SIGTERM; "stopped" is logged once the drain completed.
            assertThat(a.awaitExit(WAIT)).as("a drained node exits").isEqualTo(143);
            assertThat(a.err()).anyMatch(line -> line.contains("[a]") && line.endsWith("stopped"));
        }
        assertEveryAcknowledgedOnceInOrder(received, acknowledged);
    }

    /**
     * The client of a node that went away resumes on the node at {@code port} with its last id; once
     * publishing has stopped, a marker published there ends what it must receive.
     */
    private void moveTo(int port, TestStream from, Thread publisher, AtomicBoolean stop, Set<String> acknowledged,
                        List<SseEvent> received) throws Exception {
        received.addAll(from.drain());
        try (TestStream to = stream(port, from.lastEventId())) {
            stop.set(true);
            publisher.join(WAIT.toMillis());
            String marker = publish(port, "marker");
            received.addAll(to.itemsThrough(marker, WAIT));
            acknowledged.add(marker);
        }
    }

    private static void assertEveryAcknowledgedOnceInOrder(List<SseEvent> received, Set<String> acknowledged) {
        List<SseEvent> items = received.stream().filter(e -> !e.event().equals("connected")).toList();
        assertThat(items).noneMatch(e -> e.event().equals("reset"));
        ReplayChecks.assertStrictlyIncreasing(items);
        List<String> ids = items.stream().map(SseEvent::id).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(ids).containsAll(acknowledged);
    }

    /** Publishes to the user round-robin over the ports until stopped; a node that is gone is skipped. */
    private Thread publisher(List<Integer> ports, Set<String> acknowledged, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                int port = ports.get(i % ports.size());
                String id = publish(port, "n" + i);
                if (id != null) {
                    acknowledged.add(id);
                }
            }
        }, "cluster-publisher");
        t.start();
        return t;
    }

    /** The reply's id on 202; null when the node is unreachable or refuses (it is going away). */
    private String publish(int port, String title) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"" + title + "\"}"))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 202 ? TestHub.json(r).get("id").asText() : null;
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
