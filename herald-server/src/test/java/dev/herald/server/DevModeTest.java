package dev.herald.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.server.auth.JwtService;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /dev/token} hands a token for any user to anyone, so it exists only in dev mode: the
 * zero-config hub (it generated both its key and its secret) or {@code HERALD_DEV_MODE=true}. Any
 * configured secret or key turns it off unless dev mode is asked for, and a hub in dev mode says so
 * at start with a WARN.
 */
class DevModeTest {
    private static final String KEY = "configured-key-0123456789";
    private static final String SECRET = "configured-secret-0123456789abcdef0123";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Logger serverLog = (Logger) LoggerFactory.getLogger(HeraldServer.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        serverLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        serverLog.detachAppender(log);
    }

    private HeraldConfig config(String... flags) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dir.toString()));
        args.addAll(List.of(flags));
        return new ConfigLoader().load(args.toArray(String[]::new), Map.of());
    }

    private HttpResponse<String> devToken(HeraldServer hub, String user) throws Exception {
        return TestHub.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/dev/token?user="
                + user)).GET().build());
    }

    private List<String> devModeWarnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("dev mode")).toList();
    }

    private static void assertNotFound(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("not_found");
        assertThat(r.body()).doesNotContain("eyJ");
    }

    /** The hub: keys configured, the secret left to the hub. Either half configured is enough. */
    @Test
    void aHubWithConfiguredKeysOrAConfiguredSecretIsNotInDevMode() throws Exception {
        try (HeraldServer hub = HeraldServer.start(config("--api-keys", KEY))) {
            assertNotFound(devToken(hub, "anyone"));
        }
        try (HeraldServer hub = HeraldServer.start(config("--jwt-secret", SECRET))) {
            assertNotFound(devToken(hub, "anyone"));
        }
        assertThat(devModeWarnings()).isEmpty();
    }

    @Test
    void zeroConfigIsDevModeAndWarnsThatAnyoneCanGetATokenForAnyUser() throws Exception {
        HeraldConfig config = config();
        try (HeraldServer hub = HeraldServer.start(config)) {
            HttpResponse<String> r = devToken(hub, "alice");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new JwtService(config.jwtSecret()).verify(TestHub.json(r).get("token").asText()).userId())
                    .isEqualTo("alice");
        }
        assertThat(devModeWarnings()).singleElement().asString()
                .contains("anyone").contains("any user").contains("/dev/token").contains("HERALD_DEV_MODE");
    }

    @Test
    void devModeIsExplicitBothWays() throws Exception {
        HeraldConfig on = config("--api-keys", KEY, "--jwt-secret", SECRET, "--dev-mode", "true");
        try (HeraldServer hub = HeraldServer.start(on)) {
            HttpResponse<String> r = devToken(hub, "bob");
            assertThat(r.statusCode()).isEqualTo(200);
            // Tokens signed with the operator's secret: the app's own streams accept them.
            assertThat(new JwtService(SECRET.getBytes(StandardCharsets.UTF_8)).verify(TestHub.json(r).get("token").asText())
                    .userId()).isEqualTo("bob");
        }
        assertThat(devModeWarnings()).hasSize(1);

        try (HeraldServer hub = HeraldServer.start(config("--dev-mode", "false"))) {
            assertNotFound(devToken(hub, "bob"));
            // The page itself is still there; it asks for a token from the app instead.
            HttpResponse<String> page = TestHub.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
                    + "/")).GET().build());
            assertThat(page.statusCode()).isEqualTo(200);
        }
        assertThat(devModeWarnings()).hasSize(1);
    }
}
