package dev.herald.server;

import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.PushServiceDouble;
import dev.herald.server.support.PushServiceDouble.Received;
import dev.herald.server.support.PushServiceDouble.Subscriber;
import dev.herald.server.support.TestCluster;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import dev.herald.store.postgres.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web Push across three nodes on one PostgreSQL and one Redis: presence is cluster-wide (a stream on
 * node 3 stops an "offline" push published on node 1) and each pending push is sent by exactly one
 * node, whichever node took the publish.
 */
@RequiresPostgres
@RequiresRedis
class ClusterPushTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PushServiceDouble pushService;
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        pushService = PushServiceDouble.start();
        cluster = TestCluster.start(3, TestRedis.URL, Map.of("--push-allowed-http-hosts", pushService.host()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (pushService != null) {
            pushService.close();
        }
    }

    private static Subscriber subscribe(String user) {
        Subscriber s = pushService.subscriber();
        assertThat(cluster.node(1).asUser(user, "POST", "/v1/me/push-subscriptions", s.json()).statusCode())
                .isEqualTo(201);
        return s;
    }

    private static void awaitQueueEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cluster.node(0).server().hub().store().pushQueueDepth().join() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the push queue did not empty");
            }
            Thread.sleep(20);
        }
    }

    private static String title(Received r) {
        return TestHub.json(r.text()).get("title").asText();
    }

    @Test
    void aStreamOnNodeThreeStopsAnOfflinePushPublishedOnNodeOne() throws Exception {
        String user = "cluster-online";
        Subscriber s = subscribe(user);
        try (TestStream stream = cluster.node(2).stream(user)) {
            stream.awaitPosition(WAIT);
            cluster.node(0).publishId("/v1/notifications",
                    "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"online elsewhere\"}");
            cluster.node(0).publishId("/v1/notifications",
                    "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"marker\",\"push\":\"always\"}");
            pushService.awaitMessages(s, 1, WAIT);
            awaitQueueEmpty();
        }
        assertThat(pushService.received(s)).extracting(ClusterPushTest::title).containsExactly("marker");
        assertThat(pushService.failures()).isEmpty();
    }

    @Test
    void anOfflineUserGetsExactlyOnePushPerNotificationWhicheverNodeTookIt() throws Exception {
        String user = "cluster-offline";
        Subscriber s = subscribe(user);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            titles.add("n" + i);
            cluster.node(i % 3).publishId("/v1/notifications",
                    "{\"userId\":\"" + user + "\",\"type\":\"t\",\"title\":\"n" + i + "\"}");
        }
        pushService.awaitMessages(s, 9, WAIT);
        awaitQueueEmpty();
        assertThat(pushService.received(s)).extracting(ClusterPushTest::title).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(pushService.failures()).isEmpty();
    }
}
