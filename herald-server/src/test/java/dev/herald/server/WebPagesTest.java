package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.auth.JwtService;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's own pages and browser client, and the dev-mode token that makes {@code /?user=} work. */
class WebPagesTest {
    private static TestHub configured;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        configured = TestHub.start();
    }

    @AfterAll
    static void stop() {
        configured.close();
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestHub.send(http, b.build());
    }

    @Test
    void pagesAndTheClientAreServedWithStrictHeaders() throws Exception {
        int port = configured.server().port();
        for (String page : new String[]{"/", "/admin"}) {
            HttpResponse<String> r = get(port, page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'self'").contains("script-src 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.body()).containsIgnoringCase("<!doctype html>");
        }
        HttpResponse<String> client = get(port, "/herald.js");
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(client.body()).contains("export class Herald");
        String etag = client.headers().firstValue("ETag").orElseThrow();
        assertThat(get(port, "/herald.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void theWebPushServiceWorkerIsServedAtTheRootWithItsOwnPolicy() throws Exception {
        int port = configured.server().port();
        HttpResponse<String> worker = get(port, "/herald-sw.js");
        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat(worker.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(worker.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; img-src 'self' data:");
        assertThat(worker.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(worker.body()).contains("addEventListener('push'").contains("addEventListener('notificationclick'")
                .doesNotContain("export ").doesNotContain("import ");
        assertThat(get(port, "/herald.js").headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    /**
     * Every file a page or a served script refers to (script src, stylesheet href, static and dynamic
     * imports, {@code new URL('./x.css', import.meta.url)}) is served, followed from the pages and the
     * entry points apps import: a module of herald-js that the jar leaves out fails here.
     */
    @Test
    void everyFileThePagesAndTheClientReferToIsServedButNotTheReactHook() throws Exception {
        int port = configured.server().port();
        Pattern reference = Pattern.compile(
                "(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*|new URL\\(\\s*|\\b(?:src|href)=)['\"](\\.?/[a-z0-9.-]+\\.(?:js|css))['\"]");
        Deque<String> pending = new ArrayDeque<>(List.of("/", "/admin", "/herald.js", "/notification-center.js"));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String path = pending.pop();
            if (!seen.add(path)) {
                continue;
            }
            HttpResponse<String> r = get(port, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            if (path.endsWith(".js")) {
                assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("text/javascript; charset=utf-8");
            } else if (path.endsWith(".css")) {
                assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("text/css; charset=utf-8");
                continue;
            }
            Matcher m = reference.matcher(r.body());
            while (m.find()) {
                // Every served file sits at the root, so ./x and /x name the same file.
                pending.push("/" + m.group(1).replaceFirst("^\\.?/", ""));
            }
        }
        assertThat(seen).as("herald.js imports its modules; the pages load the notification center and its styles")
                .contains("/herald-scope.js", "/herald-rest.js", "/herald-sse-parser.js", "/herald-backoff.js",
                        "/herald-tab-leader.js", "/herald-transport-fetch.js", "/herald-transport-eventsource.js",
                        "/notification-center.css", "/center.js", "/admin.js");
        assertThat(get(port, "/react.js").statusCode()).isEqualTo(404);
        assertThat(get(port, "/herald.d.ts").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheHubsOwnFilesAreServed() throws Exception {
        int port = configured.server().port();
        for (String path : new String[]{"/nope.js", "/herald-data", "/..%2fpom.xml", "/%2e%2e/pom.xml", "/META-INF/MANIFEST.MF",
                "/logback.xml", "/db"}) {
            HttpResponse<String> r = get(port, path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("<configuration").doesNotContain("Manifest-Version");
        }
        HttpResponse<String> missing = get(port, "/nope.js");
        assertThat(TestHub.json(missing).get("error").get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void aConfiguredHubHandsOutNoDevTokens() throws Exception {
        HttpResponse<String> r = get(configured.server().port(), "/dev/token?user=alice");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("not_found");
        assertThat(r.body()).doesNotContain("token\"");
    }

    @Test
    void aZeroConfigHubGivesThePageATokenForTheUserItAsksFor(@TempDir Path dir) throws Exception {
        HeraldConfig config = new ConfigLoader().load(new String[]{"--port", "0", "--data-dir", dir.toString()}, Map.of());
        assertThat(config.jwtSecretGenerated()).isTrue();
        try (HeraldServer dev = HeraldServer.start(config)) {
            HttpResponse<String> r = get(dev.port(), "/dev/token?user=alice");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode body = TestHub.json(r);
            assertThat(body.get("userId").asText()).isEqualTo("alice");
            assertThat(new JwtService(config.jwtSecret()).verify(body.get("token").asText()).userId()).isEqualTo("alice");
            HttpResponse<String> bad = get(dev.port(), "/dev/token");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(TestHub.json(bad).get("error").get("code").asText()).isEqualTo("invalid_request");
        }
    }
}
