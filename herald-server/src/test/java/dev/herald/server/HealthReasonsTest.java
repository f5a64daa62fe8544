package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} says in short lines what is not well. A JVM error the node hit while serving makes
 * it degraded, and it stays so until the node is restarted. A hub of its own: that state never clears.
 */
class HealthReasonsTest {
    private static JsonNode health(TestHub hub) {
        var r = hub.send(HttpRequest.newBuilder(hub.uri("/health")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHub.json(r);
    }

    @Test
    void aJvmErrorMakesTheNodeDegradedWithItsReasonUntilRestarted() {
        try (TestHub hub = TestHub.start()) {
            JsonNode ok = health(hub);
            assertThat(ok.get("status").asText()).isEqualTo("ok");
            assertThat(ok.get("reasons").isArray()).isTrue();
            assertThat(ok.get("reasons")).isEmpty();

            // As a replay or a reader thread reports one (see ReplayBoundsTest and ReadPoolTest).
            hub.server().hub().jvmErrors().record(new OutOfMemoryError("Java heap space"), "replay for connection x");
            hub.server().hub().jvmErrors().record(new OutOfMemoryError("Java heap space"), "replay for connection y");
            for (int i = 0; i < 2; i++) {
                JsonNode degraded = health(hub);
                assertThat(degraded.get("status").asText()).isEqualTo("degraded");
                // The store and the bus are fine: only the reason says why.
                assertThat(degraded.get("store").asText()).isEqualTo("ok");
                assertThat(degraded.get("bus").asText()).isEqualTo("ok");
                assertThat(degraded.get("reasons")).singleElement().extracting(JsonNode::asText).asString()
                        .matches("jvm: OutOfMemoryError \\(Java heap space\\) at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            }
            assertThat(hub.notify("still-served", "n").statusCode()).isEqualTo(202);
        }
    }
}
