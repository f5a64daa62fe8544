package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/cluster.md's recipe, run as written: {@code bin/herald-cluster} starts three nodes with one
 * command, a publish through one node reaches a stream on another, and stopping the script stops
 * every node.
 */
@RequiresPostgres
@RequiresRedis
class ClusterScriptIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void oneCommandStartsAThreeNodeClusterAndStopsIt() throws Exception {
        String schema = TestPostgres.newSchema();
        int port = threeFreePorts();
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/herald-cluster").toString(),
                "--nodes", "3", "--port", Integer.toString(port), "--dir", state.toString())
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        pb.environment().put("HERALD_JAR", Path.of(HubProcess.JAR).toAbsolutePath().toString());
        // The script's default -Xmx256m, with what every test hub starts with (HubProcess): the script
        // passes HERALD_JAVA_OPTS to each node as documented. Options with spaces would not survive it.
        pb.environment().put("HERALD_JAVA_OPTS", String.join(" ", HubProcess.jvmOptions(List.of("-Xmx256m")).stream()
                .filter(o -> !o.contains(" ")).toList()));
        pb.environment().put("HERALD_POSTGRES_URL", TestPostgres.urlFor(schema));
        pb.environment().put("HERALD_REDIS_URL", TestRedis.URL);
        Process script = pb.start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the script ended
            }
        });
        reader.start();
        try {
            await().atMost(WAIT).until(() -> out.stream().anyMatch(l -> l.contains("Ctrl-C stops every node"))
                    || !script.isAlive());
            assertThat(script.isAlive()).as(String.join("\n", out)).isTrue();
            String key = Files.readAllLines(state.resolve("cluster.env")).stream()
                    .filter(l -> l.startsWith("HERALD_API_KEYS=")).findFirst().orElseThrow().substring(16);

            String token = TestHub.json(post(port, "/v1/tokens", key, "{\"userId\":\"alice\"}")).get("token").asText();
            try (TestStream onN1 = TestHub.openStream(http, HttpRequest.newBuilder(uri(port, "/v1/stream"))
                    .header("Authorization", "Bearer " + token).build())) {
                assertThat(onN1.awaitEvent("connected", WAIT).data()).contains("\"nodeId\":\"n1\"");
                String id = TestHub.json(post(port + 1, "/v1/notifications", key,
                        "{\"userId\":\"alice\",\"type\":\"system\",\"title\":\"Hi from n2\"}")).get("id").asText();
                SseEvent got = onN1.collectItems(1, WAIT).get(0);
                assertThat(got.id()).isEqualTo(id);
            }
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = TestHub.json(http.send(HttpRequest.newBuilder(uri(port + 2, "/v1/stats"))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()));
                List<String> ids = new ArrayList<>();
                stats.get("nodes").forEach(n -> ids.add(n.get("nodeId").asText()));
                assertThat(ids).containsExactly("n3", "n1", "n2");
            });

            script.toHandle().destroy(); // SIGTERM, as Ctrl-C's stop path: every node drains
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (int p = port; p < port + 3; p++) {
                assertThat(accepts(p)).as("node on port %d stopped", p).isFalse();
            }
        } finally {
            script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            TestPostgres.dropSchema(schema);
        }
    }

    private HttpResponse<String> post(int port, String path, String key, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(port, path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r;
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A port p such that p, p+1 and p+2 are free now. */
    private static int threeFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(p) && free(p + 1) && free(p + 2)) {
                return p;
            }
        }
        throw new IOException("no three consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
