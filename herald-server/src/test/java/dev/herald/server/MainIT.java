package dev.herald.server;

import dev.herald.server.support.HubProcess;
import dev.herald.server.support.OpenApiContract;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged herald.jar as a real process: zero-config start, bad config, SIGTERM. */
class MainIT {
    @TempDir
    Path workDir;

    private HubProcess start(Map<String, String> env, String... args) throws IOException {
        return HubProcess.start(workDir, env, args);
    }

    @Test
    void zeroConfigStartPrintsKeyAndWorkingCurlLinesThenStopsCleanlyOnSigterm() throws Exception {
        HubProcess hub = start(Map.of("HERALD_PORT", "0"));
        Process p = hub.process();
        List<String> out = hub.out();
        List<String> err = hub.err();

        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.contains("/v1/notifications")));
            String banner = String.join("\n", out);
            Matcher listen = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(banner);
            assertThat(listen.find()).as(banner).isTrue();
            int port = Integer.parseInt(listen.group(1));
            Matcher key = Pattern.compile("API key: (hk_[A-Za-z0-9_-]+)").matcher(banner);
            assertThat(key.find()).as(banner).isTrue();
            assertThat(Files.readString(workDir.resolve("herald-data/api-key")).trim()).isEqualTo(key.group(1));
            // Zero configuration means the embedded durable store in the default data directory.
            assertThat(workDir.resolve("herald-data/herald.db")).isRegularFile();
            assertThat(Files.getPosixFilePermissions(workDir.resolve("herald-data")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(workDir.resolve("herald-data/herald.db")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Matcher token = Pattern.compile("curl -N -H 'Authorization: Bearer ([^']+)' http://127\\.0\\.0\\.1:" + port
                    + "/v1/stream").matcher(banner);
            assertThat(token.find()).as(banner).isTrue();
            assertThat(banner).contains("-d '{\"userId\":\"demo\",\"type\":\"system\",\"title\":\"Hello from Herald\"}' http://127.0.0.1:"
                    + port + "/v1/notifications");

            // The printed lines work: the stream opens for 'demo' and the publish reaches it.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            TestStream stream = new TestStreamOpener(http).open(URI.create("http://127.0.0.1:" + port + "/v1/stream"), token.group(1));
            stream.awaitEvent("connected", Duration.ofSeconds(5));
            HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/notifications"))
                    .header("Authorization", "Bearer " + key.group(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"demo\",\"type\":\"system\",\"title\":\"Hello from Herald\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).isEqualTo(202);
            // A hub launched as the README says has its default publish rate limit on.
            assertThat(published.headers().firstValue("RateLimit-Limit")).hasValue("10000");
            SseEvent e = stream.awaitEvent("notification", Duration.ofSeconds(5));
            assertThat(e.data()).contains("Hello from Herald");
            // The packaged jar carries its contract (docs/openapi.yaml) and serves it as JSON.
            HttpResponse<String> contract = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(contract.statusCode()).isEqualTo(200);
            assertThat(TestHub.json(contract.body())).isEqualTo(OpenApiContract.get().spec());

            // SIGTERM via the handle: Process.destroy() would also close our ends of the child's pipes,
            // losing what it logs while it shuts down.
            p.toHandle().destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(stream::ended);
            assertThat(stream.endedCleanly()).isTrue();
            // Zero-config is dev mode, and the log says what that means.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.copyOf(err)).anySatisfy(l ->
                    assertThat(l).contains("WARN").contains("dev mode").contains("token for any user at /dev/token")
                            .contains("HERALD_DEV_MODE=false")));
            await().atMost(Duration.ofSeconds(5)).until(() -> err.stream().anyMatch(l -> l.contains("stopped")));
            assertThat(String.join("\n", err)).doesNotContain(token.group(1)).doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void invalidConfigurationExitsWithCode2AndOneLineNamingTheSetting() throws Exception {
        assertExit2(Map.of(), "HERALD_PORT", "--port", "99999");
        assertExit2(Map.of("HERALD_JWT_SECRET", "short"), "HERALD_JWT_SECRET");
        assertExit2(Map.of(), "unknown flag --bogus", "--bogus", "1");
        assertExit2(Map.of("HERALD_MAX_CONNECTIONS_PER_USER", "-3"), "HERALD_MAX_CONNECTIONS_PER_USER");
        Map<String, String> clusterWithDevMode = new java.util.HashMap<>(Map.of("HERALD_REDIS_URL", "redis://127.0.0.1:1",
                "HERALD_POSTGRES_URL", "postgresql://herald@127.0.0.1:1/herald",
                "HERALD_JWT_SECRET", "x".repeat(32), "HERALD_API_KEYS", "key-one-0123456789", "HERALD_DEV_MODE", "true"));
        clusterWithDevMode.putAll(dev.herald.server.support.TestVapid.env());
        assertExit2(clusterWithDevMode, "HERALD_DEV_MODE");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithOneLineThatKeepsThePasswordSecret() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free once closed: nothing listens there
        }
        HubProcess p = start(Map.of("HERALD_POSTGRES_URL",
                "postgresql://herald:Sup3r-secret@127.0.0.1:" + closedPort + "/herald"), "--port", "0");
        int exit = p.awaitExit(Duration.ofSeconds(30));
        String stderr = String.join("\n", p.err());
        assertThat(exit).as(stderr).isEqualTo(1);
        assertThat(p.err()).as(stderr).hasSize(1);
        assertThat(stderr).contains("cannot open the PostgreSQL store at").contains("127.0.0.1:" + closedPort)
                .doesNotContain("Sup3r-secret");
        assertThat(String.join("\n", p.out())).doesNotContain("Sup3r-secret");
    }

    @Test
    void helpListsEverySetting() throws Exception {
        HubProcess p = start(Map.of(), "--help");
        assertThat(p.awaitExit(Duration.ofSeconds(20))).isZero();
        String help = String.join("\n", p.out());
        assertThat(help).contains("--port", "HERALD_PORT", "--jwt-secret", "--cors-origins", "Precedence");
    }

    private void assertExit2(Map<String, String> env, String mention, String... args) throws Exception {
        HubProcess p = start(env, args);
        int exit = p.awaitExit(Duration.ofSeconds(20));
        String stderr = String.join("\n", p.err()).trim();
        assertThat(exit).as(stderr).isEqualTo(2);
        assertThat(stderr.lines().count()).as(stderr).isEqualTo(1);
        assertThat(stderr).contains(mention);
    }

    /** Opens a stream with a bearer token using the shared test stream reader. */
    private record TestStreamOpener(HttpClient http) {
        TestStream open(URI uri, String token) throws Exception {
            return TestHub.openStream(http, HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build());
        }
    }
}
