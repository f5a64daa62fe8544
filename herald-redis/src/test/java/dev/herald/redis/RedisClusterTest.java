package dev.herald.redis;

import dev.herald.core.cluster.ClusterView;
import dev.herald.core.cluster.LocalNode;
import dev.herald.core.cluster.NodeReport;
import dev.herald.core.cluster.OnlineUsers;
import dev.herald.core.cluster.UserStreams;
import dev.herald.redis.testing.RedisServerProcess;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cluster-wide slots, counts and figures kept in Redis. */
@RequiresRedis
class RedisClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final String prefix = TestRedis.freshPrefix() + ":";
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A node whose streams are whatever the test puts in {@code streams}. */
    private final class Node implements LocalNode {
        final Map<String, Integer> streams = new ConcurrentHashMap<>();
        final RedisLink link;
        final RedisCluster cluster;
        final String id;

        Node(String id, String url) {
            this.id = id;
            link = new RedisLink(RedisUrl.parse(url), prefix + "items");
            cluster = new RedisCluster(link, id, prefix);
            toClose.add(link);
            toClose.add(cluster);
            cluster.start(this);
            link.start();
            await().atMost(WAIT).until(cluster::healthy);
        }

        /** Takes a slot as the hub does, and records the stream locally when it is granted. */
        boolean open(String user, int max) {
            boolean ok = cluster.tryAcquire(user, max).join();
            if (ok) {
                streams.merge(user, 1, Integer::sum);
            }
            return ok;
        }

        void close(String user) {
            streams.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
            cluster.release(user);
        }

        @Override
        public NodeReport report() {
            int connections = streams.values().stream().mapToInt(Integer::intValue).sum();
            return new NodeReport(id, connections, streams.size(), 7, 0, 0, 0, 0, 0, 1, 0.5, Double.NaN);
        }

        @Override
        public Map<String, Integer> streamsByUser() {
            return Map.copyOf(streams);
        }

        @Override
        public int streams(String userId) {
            return streams.getOrDefault(userId, 0);
        }
    }

    @Test
    void theLimitHoldsAcrossNodes() {
        Node a = new Node("a", TestRedis.URL);
        Node b = new Node("b", TestRedis.URL);
        assertThat(a.open("u", 2)).isTrue();
        assertThat(b.open("u", 2)).isTrue();
        assertThat(a.open("u", 2)).isFalse();
        assertThat(b.open("u", 2)).isFalse();
        assertThat(b.open("someone-else", 2)).isTrue();
        a.close("u");
        await().atMost(WAIT).until(() -> b.cluster.connections("u").join() == 1);
        assertThat(b.open("u", 2)).isTrue();
        assertThat(a.cluster.connections("u").join()).isEqualTo(2);
    }

    @Test
    void countsAndFiguresAreClusterWide() {
        Node a = new Node("a", TestRedis.URL);
        Node b = new Node("b", TestRedis.URL);
        a.open("u", 5);
        a.open("v", 5);
        b.open("u", 5);
        assertThat(a.cluster.connections("u").join()).isEqualTo(2);
        assertThat(b.cluster.connections("v").join()).isEqualTo(1);
        assertThat(b.cluster.connections("nobody").join()).isZero();
        await().atMost(WAIT).untilAsserted(() -> {
            ClusterView view = b.cluster.view().join();
            assertThat(view.complete()).isTrue();
            assertThat(view.nodes()).extracting(NodeReport::nodeId).containsExactly("b", "a");
            assertThat(view.connections()).isEqualTo(3);
            assertThat(view.users()).isEqualTo(2); // u is on both nodes and counts once
            assertThat(view.sum(NodeReport::published)).isEqualTo(14);
            assertThat(view.nodes().get(1).publishToWriteP50Ms()).isEqualTo(0.5);
            assertThat(view.nodes().get(1).publishToWriteP99Ms()).isNaN();
        });
        // Who is online, summed over nodes: u has a stream on each.
        OnlineUsers online = b.cluster.onlineUsers(10).join();
        assertThat(online.complete()).isTrue();
        assertThat(online.total()).isEqualTo(2);
        assertThat(online.top()).containsExactly(new UserStreams("u", 2), new UserStreams("v", 1));
        assertThat(b.cluster.onlineUsers(1).join().top()).containsExactly(new UserStreams("u", 2));
    }

    @Test
    void aNodeThatStopsReportingStopsCounting() {
        Node a = new Node("a", TestRedis.URL);
        Node b = new Node("b", TestRedis.URL);
        assertThat(b.open("u", 1)).isTrue();
        assertThat(a.open("u", 1)).isFalse();
        b.link.close(); // b dies: no goodbye, no more reports
        long died = System.nanoTime();
        await().atMost(WAIT).until(() -> a.open("u", 1));
        assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofMillis(RedisCluster.NODE_TTL_MS + 2500));
        assertThat(a.cluster.view().join().nodes()).extracting(NodeReport::nodeId).containsExactly("a");
    }

    @Test
    void aNodeThatLeavesStopsCountingAtOnce() {
        Node a = new Node("a", TestRedis.URL);
        Node b = new Node("b", TestRedis.URL);
        assertThat(b.open("u", 1)).isTrue();
        b.cluster.close();
        b.cluster.close(); // twice is fine
        assertThat(a.open("u", 1)).isTrue();
    }

    @Test
    void countsComeBackAfterRedisRestartsEmptyAndAnOutageDoesNotBlockStreams() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            Node a = new Node("a", redis.url());
            Node b = new Node("b", redis.url());
            a.open("u", 3);
            a.open("u", 3);
            b.open("u", 3);

            redis.stop();
            await().atMost(WAIT).until(() -> !a.cluster.healthy());
            // Degraded: admitted (the node's own limit still applies), counted from this node alone.
            assertThat(a.cluster.tryAcquire("u", 3).join()).isTrue();
            a.streams.merge("u", 1, Integer::sum);
            assertThat(a.cluster.connections("u").join()).isEqualTo(3);
            ClusterView alone = a.cluster.view().join();
            assertThat(alone.complete()).isFalse();
            assertThat(alone.nodes()).extracting(NodeReport::nodeId).containsExactly("a");

            redis.start(); // empty: it keeps nothing on disk
            await().atMost(WAIT).until(() -> a.cluster.healthy() && b.cluster.healthy());
            await().atMost(WAIT).untilAsserted(() -> assertThat(b.cluster.connections("u").join()).isEqualTo(4));
            assertThat(b.open("u", 4)).isFalse();
        }
    }
}
