package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestCluster;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.PostgresServerProcess;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL restarts under a cluster (a real server of the test's own, stopped and started): while
 * it is down a publish is refused with 503 at once, never accepted silently; afterwards the nodes
 * recover by themselves.
 */
@RequiresPostgres
@RequiresRedis
class ClusterPostgresRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String notification(String title) {
        return "{\"userId\":\"pg-restart\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    @Test
    void publishesFailFastWhileTheDatabaseIsDownAndRecoverAfterwards() throws Exception {
        try (PostgresServerProcess pg = new PostgresServerProcess();
             TestCluster cluster = TestCluster.start(2, pg.url(), null, TestRedis.URL, Map.of())) {
            TestHub a = cluster.node(0);
            TestHub b = cluster.node(1);
            try (TestStream onB = b.stream("pg-restart")) {
                String before = a.publishId("/v1/notifications", notification("before"));
                assertThat(onB.collectItems(1, WAIT).get(0).id()).isEqualTo(before);

                pg.stop();
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> refused = a.post("/v1/notifications", notification("while down " + i));
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                    assertThat(TestHub.json(refused).get("error").get("code").asText()).isEqualTo("store_unavailable");
                    // A bound on "fails rather than hangs", not a speed figure.
                    assertThat(took).isLessThan(Duration.ofSeconds(10));
                }
                JsonNode health = TestHub.json(a.send(HttpRequest.newBuilder(a.uri("/health")).build()));
                assertThat(health.get("status").asText()).isEqualTo("degraded");
                assertThat(health.get("store").asText()).isEqualTo("unavailable");

                pg.start();
                String[] after = new String[1];
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                    HttpResponse<String> r = a.post("/v1/notifications", notification("after"));
                    if (r.statusCode() == 202) {
                        after[0] = TestHub.json(r).get("id").asText();
                        return true;
                    }
                    return false;
                });
                // The stream on the other node gets what was accepted, and nothing that was refused.
                SseEvent next = onB.collectItems(1, WAIT).get(0);
                assertThat(next.id()).isEqualTo(after[0]);
                assertThat(onB.next(Duration.ofMillis(300))).isNull();
                await().atMost(WAIT).until(() -> TestHub.json(b.send(HttpRequest.newBuilder(b.uri("/health")).build()))
                        .get("store").asText().equals("ok"));
            }
        }
    }
}
