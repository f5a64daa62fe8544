package dev.herald.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image as a user runs it: {@code podman load} of the tarball Jib built, a container with the
 * port published and a named volume on /data, zero configuration. It answers /health, prints and
 * saves its generated API key, takes a publish with it, shows the notification in the user's inbox,
 * passes its own HEALTHCHECK, keeps its data in the volume as the non-root user, and stops cleanly.
 */
class ContainerRunIT {
    private static final Pattern API_KEY = Pattern.compile("API key: (hk_[A-Za-z0-9_-]+)");
    private static final Pattern LOADED = Pattern.compile("Loaded image(?:\\(s\\))?: (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theImageRunsFromItsTarballAndServesAPublishWithItsGeneratedKey() throws Exception {
        Path tar = TestImage.tar();
        Podman.require();
        Matcher loaded = LOADED.matcher(Podman.exec(600, "load", "-i", tar.toString()).orFail("podman load").output());
        assertThat(loaded.find()).isTrue();
        String image = loaded.group(1);
        String imageId = Podman.exec(60, "image", "inspect", "--format", "{{.Id}}", image).orFail("inspect").output().trim();

        String name = "herald-it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            Podman.exec(60, "volume", "create", name).orFail("podman volume create");
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name));
            run.addAll(Podman.runOptions());
            run.addAll(List.of("-p", "127.0.0.1:" + port + ":8080", "-v", name + ":/data", image));
            Podman.exec(180, run).orFail("podman run");

            awaitHealthy(name, base);
            String logs = Podman.exec(60, "logs", name).output();
            Matcher key = API_KEY.matcher(logs);
            assertThat(key.find()).as("the generated API key in the container's log:\n%s", logs).isTrue();
            String apiKey = key.group(1);

            // The data directory is the volume, written by the image's non-root user.
            Map<String, TarEntries.Entry> data = Podman.copyOut(name, "/data");
            TarEntries.Entry savedKey = data.get("data/api-key");
            assertThat(savedKey).as("/data/api-key in %s", data.keySet()).isNotNull();
            assertThat(new String(savedKey.content(), StandardCharsets.UTF_8).trim()).isEqualTo(apiKey);
            assertThat(data).containsKey("data/herald.db");
            assertThat(data.get("data/herald.db").uid()).as("owner of herald.db").isEqualTo(10001);
            String mounted = Podman.exec(60, "inspect", "--format", "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}", name)
                    .orFail("podman inspect").output().trim();
            assertThat(mounted).as("the volume on /data").isEqualTo(name + ":/data");

            HttpResponse<String> published = post(base.resolve("/v1/notifications"), apiKey,
                    "{\"userId\":\"demo\",\"type\":\"system\",\"title\":\"Hello from the container\"}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            assertThat(JSON.readTree(published.body()).get("recipients").asInt()).isEqualTo(1);

            HttpResponse<String> minted = post(base.resolve("/v1/tokens"), apiKey, "{\"userId\":\"demo\"}");
            assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
            String token = JSON.readTree(minted.body()).get("token").asText();
            HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(base.resolve("/v1/me/notifications"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
            JsonNode items = JSON.readTree(inbox.body()).get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("title").asText()).isEqualTo("Hello from the container");

            // The image's own HEALTHCHECK (the Java probe) passes against the running hub.
            Podman.Result check = Podman.exec(120, "healthcheck", "run", name);
            assertThat(check.exitCode()).as("podman healthcheck run: %s", check.output()).isZero();

            // `stop` sends SIGTERM to the JVM (PID 1 in the container): the hub drains and says so.
            Podman.exec(120, "stop", "-t", "60", name).orFail("podman stop");
            String stopped = Podman.exec(60, "logs", name).output();
            assertThat(stopped).as("the log after podman stop").contains("shutting down").contains("stopped");
        } finally {
            Podman.exec(120, "rm", "-f", "-t", "10", name);
            Podman.exec(60, "volume", "rm", "-f", name);
            // Without -f: an image another run is using stays.
            Podman.exec(60, "rmi", imageId);
        }
    }

    private void awaitHealthy(String name, URI base) throws IOException, InterruptedException {
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                        return health.statusCode() == 200 && health.body().contains("\"status\":\"ok\"");
                    });
        } catch (ConditionTimeoutException e) {
            String state = Podman.exec(60, "inspect", "--format", "{{.State.Status}} exit={{.State.ExitCode}}", name).output();
            throw new AssertionError("the container never answered /health with 200 (" + state.trim() + "); its log:\n"
                    + Podman.exec(60, "logs", name).output(), e);
        }
    }

    private HttpResponse<String> post(URI uri, String apiKey, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
