package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.auth.JwtService;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.PushServiceDouble;
import dev.herald.server.support.PushServiceDouble.Received;
import dev.herald.server.support.PushServiceDouble.Subscriber;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterEach;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At least once, tested the hard way: a zero-config hub process is killed with SIGKILL while the push
 * service holds its push unanswered, and a new process on the same data dir sends that push again once
 * the dead node's lease (2 s here) ends. The push arrives, decrypts to the notification, the queue
 * empties, and no copy arrives beyond the one held and the one sent again.
 */
class PushNodeKillIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "away-user";

    @TempDir
    Path workDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PushServiceDouble pushService = PushServiceDouble.start();
    private HubProcess hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        pushService.close();
        assertThat(pushService.failures()).as("every push decrypted and verified").isEmpty();
    }

    /** The hub with no configuration but the test push service and a short lease, on the work dir's data. */
    private int startHub() throws IOException {
        Map<String, String> env = Map.of("HERALD_PUSH_ALLOWED_HTTP_HOSTS", pushService.host(),
                "HERALD_PUSH_LEASE_SECONDS", "2");
        hub = HubProcess.start(workDir, env, "--port", "0", "--data-dir", workDir.resolve("data").toString());
        return hub.awaitPort(WAIT);
    }

    @Test
    void aPushInFlightWhenTheNodeIsKilledIsSentAgainAfterTheRestart() throws Exception {
        int port = startHub();
        // The zero-config hub generated its secrets in the data dir; the restart reads the same files.
        String key = Files.readString(workDir.resolve("data/api-key")).trim();
        String token = new JwtService(Files.readString(workDir.resolve("data/jwt-secret")).trim()
                .getBytes(StandardCharsets.UTF_8)).mint(USER, Duration.ofHours(1));
        Subscriber browser = pushService.subscriber();
        pushService.hold(browser, 1);
        assertThat(send(port, token, "/v1/me/push-subscriptions", browser.json()).statusCode()).isEqualTo(201);

        String id = publish(port, key, "{\"userId\":\"" + USER + "\",\"type\":\"comment\",\"title\":\"While you were away\"}");
        Received held = pushService.awaitHeld(browser, 1, WAIT).get(0);
        assertThat(TestHub.json(held.text()).get("id").asText()).isEqualTo(id);
        hub.kill9();

        port = startHub();
        Received again = pushService.awaitMessages(browser, 1, WAIT).get(0);
        JsonNode payload = TestHub.json(again.text());
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("title").asText()).isEqualTo("While you were away");
        int restarted = port;
        await().atMost(WAIT).until(() -> queueDepth(restarted, key) == 0);

        // The queue is empty, so no further copy can come; a marker shows the restarted node goes on
        // pushing, and that in all the browser got exactly the push sent again and the marker.
        publish(port, key, "{\"userId\":\"" + USER + "\",\"type\":\"marker\",\"title\":\"marker\"}");
        List<Received> got = pushService.awaitMessages(browser, 2, WAIT);
        await().atMost(WAIT).until(() -> queueDepth(restarted, key) == 0);
        assertThat(pushService.received(browser)).hasSize(2);
        assertThat(TestHub.json(got.get(1).text()).get("title").asText()).isEqualTo("marker");
        assertThat(pushService.held(browser)).as("held once, sent again once: at least once, no more").hasSize(1);
    }

    private String publish(int port, String key, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return TestHub.json(r).get("id").asText();
    }

    private HttpResponse<String> send(int port, String token, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The restarted node's {@code herald_push_queue_depth}, as its delivery thread last read it. */
    private double queueDepth(int port, String key) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Bearer " + key).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(l -> l.startsWith("herald_push_queue_depth{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("herald_push_queue_depth not in /metrics"));
    }
}
