package dev.herald.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the load generator working: every scenario, small and short, against the packaged hub (a
 * real process), and the fan-out against a real Nchan. The batched publish runs only when the hub
 * has POST /v1/notifications/batch (anything but 404). Not a benchmark: nothing here is timed; only
 * completeness is asserted (no item lost or duplicated, every stream connected).
 */
class BenchSmokeIT {
    private static final Path HUB_JAR = Path.of("..", "herald-server", "target", "herald.jar").toAbsolutePath().normalize();
    private static final Path NCHAN = Path.of("..", "bench", "nchan", "start.sh").toAbsolutePath().normalize();
    private static final String KEY = "bench-smoke-key-0123456789";
    private static final String SECRET = "bench-smoke-secret-0123456789abcdef012345";
    private static final List<Process> processes = new ArrayList<>();
    private static String hubUrl;

    @BeforeAll
    static void startHub() throws Exception {
        assertThat(HUB_JAR).as("herald-server is packaged before herald-bench in the reactor").exists();
        int port = freePort();
        Path data = Files.createTempDirectory("bench-smoke-");
        processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HUB_JAR.toString(), "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--api-keys", KEY, "--jwt-secret", SECRET, "--max-connections-per-user", "10",
                // The bench measures capacity; the per-key publish rate is a policy a run would only meet.
                "--publish-rate", "off")
                .redirectErrorStream(true).redirectOutput(data.resolve("hub.log").toFile()).start());
        hubUrl = "http://127.0.0.1:" + port;
        awaitHttp(hubUrl + "/health");
    }

    @AfterAll
    static void stop() {
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private static ScenarioOptions herald() {
        ScenarioOptions o = new ScenarioOptions();
        o.url = hubUrl;
        o.apiKey = KEY;
        o.jwtSecret = SECRET;
        o.quiet = true;
        o.userPrefix = "smoke-" + System.nanoTime() + "-";
        return o;
    }

    @Test
    void idleOpensAndHoldsEveryStream() throws Exception {
        ScenarioOptions o = herald();
        o.streams = 200;
        o.holdSeconds = 1;
        Result r = Scenarios.run("idle", o);
        assertThat(r.num("connected")).as(r.table()).isEqualTo(200);
        assertThat(r.complete).as(r.table()).isTrue();
    }

    @Test
    void fanoutDeliversEveryMessageToEverySubscriberOnce() throws Exception {
        ScenarioOptions o = herald();
        o.streams = 100;
        o.messages = 20;
        Result r = Scenarios.run("fanout", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("deliveries")).isEqualTo(2000);
    }

    @Test
    void unicastLosesNothing() throws Exception {
        ScenarioOptions o = herald();
        o.streams = 100;
        o.rate = 100;
        o.seconds = 2;
        Result r = Scenarios.run("unicast", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("published")).isPositive();
    }

    @Test
    void aStormResumesEveryStreamWithoutLossOrDuplicates() throws Exception {
        ScenarioOptions o = herald();
        o.streams = 100;
        o.rate = 50;
        o.preDropSeconds = 1;
        o.seconds = 3;
        Result r = Scenarios.run("storm", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("lost")).isZero();
        assertThat(r.num("duplicates")).isZero();
    }

    @Test
    void publishSinglePostsAreAllAcknowledged() throws Exception {
        ScenarioOptions o = herald();
        o.batch = 1;
        o.seconds = 1;
        o.warmupSeconds = 0.5;
        o.concurrency = 8;
        Result r = Scenarios.run("publish", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("acknowledged")).as(r.table()).isPositive();
        assertThat(r.num("failedRequests")).as(r.table()).isZero();
    }

    @Test
    void publishToSubscribersArrivesExactlyOnce() throws Exception {
        ScenarioOptions o = herald();
        o.subscribers = 20;
        o.seconds = 1;
        o.warmupSeconds = 0;
        o.concurrency = 8;
        Result r = Scenarios.run("publish", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("deliveries")).as(r.table()).isEqualTo(r.num("acknowledgedTotal")).isPositive();
        assertThat(r.num("lost") + r.num("duplicates") + r.num("misrouted")).as(r.table()).isZero();
    }

    @Test
    void publishBatchedPostsAreAllAcknowledged() throws Exception {
        int status = post(hubUrl + "/v1/notifications/batch", "{\"notifications\":[]}");
        Assumptions.assumeTrue(status != 404, "the hub has no POST /v1/notifications/batch yet (404): skipping B>1");
        ScenarioOptions o = herald();
        o.batch = 10;
        o.seconds = 1;
        o.warmupSeconds = 0.5;
        o.concurrency = 8;
        Result r = Scenarios.run("publish", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("acknowledged")).as(r.table()).isPositive();
        assertThat(r.num("acknowledged")).as("items, not calls").isEqualTo(10 * r.num("requests"));
        assertThat(r.num("failedRequests")).as(r.table()).isZero();
    }

    @Test
    void fanoutAgainstNchanToo() throws Exception {
        boolean nginx = Files.isExecutable(Path.of("/usr/sbin/nginx"));
        if (!nginx) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("nginx with Nchan is missing and CI=true (.ci/ensure-nchan installs it)");
            }
            Assumptions.abort("nginx with Nchan is not installed: skipping the peer (run .ci/ensure-nchan)");
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("nchan-smoke-");
        ProcessBuilder pb = new ProcessBuilder("bash", NCHAN.toString(), Integer.toString(port), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile());
        pb.environment().put("NCHAN_CPU", "");
        processes.add(pb.start());
        awaitHttp("http://127.0.0.1:" + port + "/pub/smoke");
        ScenarioOptions o = new ScenarioOptions();
        o.target = ScenarioOptions.TargetKind.parse("nchan");
        o.url = "http://127.0.0.1:" + port;
        o.quiet = true;
        o.streams = 100;
        o.messages = 20;
        Result r = Scenarios.run("fanout", o);
        assertThat(r.complete).as(r.table()).isTrue();
        assertThat(r.num("deliveries")).isEqualTo(2000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** POSTs a JSON body with the publisher key; returns the status. */
    private static int post(String url, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Authorization", "Bearer " + KEY);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** Waits until the URL answers at all (any status): the server is up. */
    private static void awaitHttp(String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(500);
                c.getResponseCode();
                c.disconnect();
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError(url + " did not answer within 60 s");
    }
}
