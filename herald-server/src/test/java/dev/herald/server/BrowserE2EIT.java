package dev.herald.server;

import com.sun.net.httpserver.HttpServer;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.support.NodeModules;
import dev.herald.server.support.NodeScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification center, the client and the dashboard in real headless Chromium (Debian's,
 * driven by playwright-core from {@code src/test/e2e/e2e.mjs}) against a real zero-config hub.
 * The script drives the browser and publishes over HTTP; this class owns the hub and lets the
 * script stop and start it through a small control endpoint (same port, same data directory), so
 * a page can live through a server restart.
 */
class BrowserE2EIT {
    private static final Path E2E = Path.of("src", "test", "e2e").toAbsolutePath();
    private static final Path SHOTS = Path.of("target", "e2e-screenshots").toAbsolutePath();

    @TempDir
    Path dataDir;
    private volatile HeraldServer hub;

    @Test
    void theNotificationCenterAndDashboardWorkInARealBrowser() throws Exception {
        NodeScript.require(NodeScript.nodeInstalled(), "Node.js");
        NodeScript.require(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium (/usr/bin/chromium)");
        NodeModules.ensureInstalled(E2E);
        NodeScript.require(Files.isDirectory(E2E.resolve("node_modules/playwright-core")), "playwright-core");

        HeraldConfig config = new ConfigLoader().load(new String[]{"--port", Integer.toString(freePort()),
                "--data-dir", dataDir.toString(), "--heartbeat-ms", "2000"}, Map.of());
        hub = HeraldServer.start(config);
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/stop", exchange -> {
            hub.close();
            reply(exchange, "stopped");
        });
        control.createContext("/start", exchange -> {
            hub = HeraldServer.start(config);
            reply(exchange, "started");
        });
        control.start();
        try {
            Files.createDirectories(SHOTS);
            NodeScript.Result result = NodeScript.run(E2E, Map.of(
                    "HERALD_URL", "http://127.0.0.1:" + config.port(),
                    "HERALD_API_KEY", config.apiKeys().get(0),
                    "CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort(),
                    "SCREENSHOTS", SHOTS.toString()), 300, "e2e.mjs");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("e2e: all passed");
        } finally {
            control.stop(0);
            hub.close();
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
