package dev.herald.server;

import dev.herald.redis.testing.RequiresRedis;
import dev.herald.server.support.SharedCluster;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coalescing across three nodes: one key's events published on two nodes collapse for a stream on
 * the third, live (the collapse key crosses the bus) and in replay (it comes back from the store).
 */
@RequiresPostgres
@RequiresRedis
class ClusterCoalescingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster(3, Map.of());

    private static String progress(String user, int step, String extra) {
        return "{\"userId\":\"" + user + "\",\"event\":\"score\",\"collapseKey\":\"match:7\"" + extra
                + ",\"data\":{\"step\":" + step + "}}";
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Test
    void aKeysEventsFromTwoNodesReplayAsTheLatestOnTheThird() throws Exception {
        String user = "cluster-resumer";
        String anchor;
        try (TestStream s = cluster.node(2).stream(user)) {
            anchor = s.awaitPosition(WAIT);
        }
        List<String> expected = new ArrayList<>();
        String last = null;
        for (int i = 1; i <= 40; i++) {
            last = cluster.node(i % 2).publishId("/v1/events", progress(user, i, ""));
            if (i % 10 == 0) {
                expected.add(cluster.node((i + 1) % 2).publishId("/v1/events",
                        "{\"userId\":\"" + user + "\",\"event\":\"tick\",\"data\":" + i + "}"));
            }
        }
        expected.add(last);
        expected.sort((a, b) -> Long.compare(seq(a), seq(b)));

        try (TestStream again = cluster.node(2).stream(user, "", anchor)) {
            List<SseEvent> got = again.itemsThrough(expected.get(expected.size() - 1), WAIT);
            assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRateCappedKeyFromTwoNodesReachesALiveStreamOnTheThirdWithItsFinalValue() throws Exception {
        String user = "cluster-live";
        try (TestStream s = cluster.node(2).stream(user)) {
            s.awaitPosition(WAIT);
            String last = null;
            for (int i = 1; i <= 100; i++) {
                last = cluster.node(i % 2).publishId("/v1/events", progress(user, i, ",\"maxRatePerSecond\":1"));
            }
            List<SseEvent> got = s.itemsThrough(last, WAIT);
            assertThat(got.get(got.size() - 1).data()).contains("\"step\":100");
            assertThat(got).extracting(e -> seq(e.id())).isSorted().doesNotHaveDuplicates();
            // The key crossed the bus: the cap held on the third node (without it all 100 arrive).
            assertThat(got.size()).isLessThan(100);
        }
    }
}
