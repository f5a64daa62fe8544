package dev.herald.server;

import dev.herald.server.support.HubProcess;
import dev.herald.server.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack from issue 12, scaled down: more silent sockets than the hub process has file
 * descriptors ({@code ulimit -n 256} here). They used to hold every descriptor until none was left
 * for {@code /health} or a publisher. Now the hub keeps at most its bound of unauthenticated waiting
 * connections, so new connections still get in, and closes the rest after the header timeout.
 */
class SilentSocketsIT {
    private static final String KEY = "silent-publisher-key-0123456789";
    private static final int OPEN_FILES = 256;
    private static final int SILENT = 300;
    private static final long HEADER_TIMEOUT_MS = 3000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path workDir;

    @Test
    void moreSilentSocketsThanFileDescriptorsStarveNothingAndAreClosedAfterTheHeaderTimeout() throws Exception {
        try (HubProcess hub = HubProcess.startWithOpenFileLimit(workDir, Map.of(), OPEN_FILES, List.of(), "--port", "0",
                "--data-dir", workDir.resolve("data").toString(), "--api-keys", KEY, "--event-loops", "2",
                "--header-timeout-ms", Long.toString(HEADER_TIMEOUT_MS), "--max-unauthenticated-connections", "50")) {
            int port = hub.awaitPort(WAIT);
            List<RawHttp> silent = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < SILENT; i++) {
                    silent.add(RawHttp.connect(port));
                }

                // Fresh connections, while the silent ones are all open or being closed.
                try (RawHttp health = RawHttp.connect(port)) {
                    RawHttp.Reply reply = health.send("GET /health HTTP/1.1\r\nHost: hub\r\n\r\n").read(WAIT);
                    assertThat(reply.status()).isEqualTo(200);
                }
                String body = "{\"userId\":\"someone\",\"type\":\"t\",\"title\":\"through\"}";
                try (RawHttp publish = RawHttp.connect(port)) {
                    RawHttp.Reply reply = publish.send("POST /v1/notifications HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer "
                            + KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .read(WAIT);
                    assertThat(reply.status()).isEqualTo(202);
                }

                // Every silent socket is closed: the first ones at once, to make room; the last ones by
                // their header timeout.
                for (RawHttp s : silent) {
                    assertThat(s.awaitClosed(WAIT)).isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - opened).toMillis()).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS);
                assertThat(hub.process().isAlive()).isTrue();
            } finally {
                silent.forEach(RawHttp::close);
            }
        }
    }
}
