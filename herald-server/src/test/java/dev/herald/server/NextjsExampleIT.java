package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.support.NextApp;
import dev.herald.server.support.NodeModules;
import dev.herald.server.support.NodeScript;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/nextjs} as a team would run it: installed from its lock file ({@code npm ci}, the
 * Herald packages packed from this repository), built with {@code next build} (TypeScript strict),
 * served by {@code next start} against a real hub whose CORS allows the app's origin, and used in
 * real headless Chromium ({@code src/test/e2e/nextjs-example.mjs}): a user signs in, clicks the
 * button whose server action publishes with {@code @herald/node}, and the notification arrives in
 * the notification center. The install is kept between runs while the lock file and the two
 * packages are unchanged (it is large: Next.js and its compiler).
 */
class NextjsExampleIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = ROOT.resolve("examples/nextjs");
    private static final Path E2E = Path.of("src", "test", "e2e").toAbsolutePath();
    private static final Path SHOTS = Path.of("target", "e2e-screenshots").toAbsolutePath();
    private static final long INSTALL_TIMEOUT_SECONDS = 1200;
    private static final long BUILD_TIMEOUT_SECONDS = 900;

    @Test
    void theExampleBuildsAndItsServerActionsNotificationArrivesInTheBrowser() throws Exception {
        NodeScript.require(NodeScript.nodeInstalled(), "Node.js");
        NodeScript.require(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium (/usr/bin/chromium)");
        NodeModules.ensureInstalled(E2E);
        NodeScript.require(Files.isDirectory(E2E.resolve("node_modules/playwright-core")), "playwright-core");
        NodeModules.ensureInstalled(EXAMPLE, INSTALL_TIMEOUT_SECONDS, ROOT.resolve("herald-js"), ROOT.resolve("herald-node"));
        NodeScript.require(Files.isDirectory(EXAMPLE.resolve("node_modules/next")), "Next.js in examples/nextjs");

        int appPort = freePort();
        String appOrigin = "http://127.0.0.1:" + appPort;
        // The browser talks to the hub directly, from the app's origin: the hub must allow it.
        try (TestHub hub = TestHub.start(Map.of("--cors-origins", appOrigin))) {
            String hubUrl = "http://127.0.0.1:" + hub.server().port();
            // NEXT_PUBLIC_ variables are inlined into the browser bundle by next build: build for this hub.
            // next build rewrites a tsconfig.json it finds lacking: the committed one must need nothing.
            byte[] tsconfig = Files.readAllBytes(EXAMPLE.resolve("tsconfig.json"));
            NodeScript.Result build = NodeScript.exec(EXAMPLE, Map.of(
                    "NEXT_TELEMETRY_DISABLED", "1",
                    "NEXT_PUBLIC_HERALD_URL", hubUrl), BUILD_TIMEOUT_SECONDS, List.of("npm", "run", "build"));
            assertThat(build.exitCode()).as(build.output()).isZero();
            assertThat(build.output()).as(build.output()).contains("Finished TypeScript").contains("/api/herald-token");
            assertThat(Files.readAllBytes(EXAMPLE.resolve("tsconfig.json"))).as("tsconfig.json after next build")
                    .isEqualTo(tsconfig);

            // Set but empty, a variable is left alone by Next's .env loading: a developer's .env.local
            // cannot turn on local signing here, and the route asks the hub (POST /v1/tokens).
            try (NextApp app = NextApp.start(EXAMPLE, appPort, Map.of(
                    "NEXT_TELEMETRY_DISABLED", "1",
                    "HERALD_URL", hubUrl,
                    "HERALD_API_KEY", TestHub.API_KEY,
                    "HERALD_JWT_SECRET", ""))) {
                app.awaitReady(Duration.ofSeconds(120));
                Files.createDirectories(SHOTS);
                NodeScript.Result result = NodeScript.run(E2E, Map.of(
                        "APP_URL", app.url(),
                        "HERALD_URL", hubUrl,
                        "HERALD_API_KEY", TestHub.API_KEY,
                        "SCREENSHOTS", SHOTS.toString()), 300, "nextjs-example.mjs");
                String both = result.output() + "\n--- next start ---\n" + app.output();
                assertThat(result.exitCode()).as(both).isZero();
                assertThat(result.output()).as(both).contains("nextjs: all passed");
            }

            // With the hub's secret the token route signs tokens itself: it needs no request to the
            // hub, so it works even with a publisher key the hub refuses, and the hub takes the token.
            try (NextApp app = NextApp.start(EXAMPLE, freePort(), Map.of(
                    "NEXT_TELEMETRY_DISABLED", "1",
                    "HERALD_URL", hubUrl,
                    "HERALD_API_KEY", "not-a-key-the-hub-knows",
                    "HERALD_JWT_SECRET", TestHub.JWT_SECRET))) {
                app.awaitReady(Duration.ofSeconds(120));
                HttpResponse<String> minted = hub.http().send(HttpRequest.newBuilder(URI.create(app.url() + "/api/herald-token"))
                        .header("Cookie", "demo-user=carol").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(minted.statusCode()).as(minted.body() + "\n" + app.output()).isEqualTo(200);
                JsonNode token = new ObjectMapper().readTree(minted.body());
                assertThat(token.path("userId").asText()).isEqualTo("carol");
                HttpResponse<String> unread = hub.http().send(HttpRequest.newBuilder(
                                hub.uri("/v1/me/notifications/unread-count"))
                        .header("Authorization", "Bearer " + token.path("token").asText()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(unread.statusCode()).as(unread.body()).isEqualTo(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
