package dev.herald.server;

import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The banner's commands work when pasted into a shell, also with an operator's own key. */
class BannerTest {
    @Test
    void withAConfiguredKeyThePrintedCommandsUseTheShellVariableAndWork() throws Exception {
        try (TestHub hub = TestHub.start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Main.banner(new PrintStream(bytes, true, StandardCharsets.UTF_8), hub.server().config(), hub.server().port());
            String banner = bytes.toString(StandardCharsets.UTF_8);
            assertThat(banner).doesNotContain(TestHub.API_KEY).contains("(from HERALD_API_KEYS)");

            List<String> lines = banner.lines().map(String::strip).toList();
            int publish = lines.indexOf(lines.stream().filter(l -> l.startsWith("curl -X POST")).findFirst().orElseThrow());
            String tokenLine = lines.stream().filter(l -> l.startsWith("TOKEN=$(")).findFirst().orElseThrow();
            // Mint a token as printed, then publish as printed: both with the key from the environment.
            String script = tokenLine + "\ntest -n \"$TOKEN\" || exit 3\n" + lines.get(publish) + "\n" + lines.get(publish + 1);
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
            pb.environment().put("HERALD_API_KEY", TestHub.API_KEY);
            Process shell = pb.start();
            shell.getOutputStream().close();
            String output;
            try (var in = shell.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(shell.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(shell.exitValue()).as(output).isZero();
            assertThat(output).contains("\"recipients\":1");
        }
    }
}
