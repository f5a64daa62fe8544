package dev.herald.redis;

import dev.herald.core.bus.Bus;
import dev.herald.core.bus.BusContract;
import dev.herald.core.bus.BusListener;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.redis.testing.RedisServerProcess;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Redis bus passes the bus contract across several nodes, and survives a Redis restart. */
@RequiresRedis
class RedisBusTest extends BusContract {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final String channel = TestRedis.freshPrefix() + ":items";
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String url = TestRedis.URL;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Override
    protected Bus newNode(String nodeId) {
        RedisLink link = new RedisLink(RedisUrl.parse(url), channel);
        toClose.add(link);
        RedisBus bus = new RedisBus(link, nodeId, EPOCH);
        // As the server does it: the link connects once the hub has started the bus.
        return new Bus() {
            @Override
            public void start(BusListener listener) {
                bus.start(listener);
                link.start();
            }

            @Override
            public void publish(List<Item> items) {
                bus.publish(items);
            }

            @Override
            public boolean healthy() {
                return bus.healthy();
            }

            @Override
            public void close() {
                bus.close();
            }
        };
    }

    @Override
    protected boolean severalNodes() {
        return true;
    }

    /** A plain subscriber on the channel, counting raw messages. */
    private AtomicInteger countMessages() {
        AtomicInteger n = new AtomicInteger();
        RedisLink raw = new RedisLink(RedisUrl.parse(url), channel);
        toClose.add(raw);
        raw.onMessage(bytes -> n.incrementAndGet());
        raw.start();
        await().atMost(WAIT).until(raw::healthy);
        return n;
    }

    @Test
    void onePublishIsOneRedisMessageHoweverManyItReaches() throws InterruptedException {
        AtomicInteger messages = countMessages();
        Recorder b = new Recorder();
        Bus a = node("a", new Recorder());
        node("b", b);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("user-" + i);
        }
        a.publish(items(1, 1, Target.everyone()));
        a.publish(items(2, 3, Target.users(many)));
        await().atMost(WAIT).until(() -> b.items.size() == 4);
        Thread.sleep(200);
        assertThat(messages.get()).isEqualTo(2);
    }

    @Test
    void anUnreadableMessageIsDroppedAndLaterOnesStillArrive() {
        Recorder b = new Recorder();
        Bus a = node("a", new Recorder());
        node("b", b);
        RedisLink raw = new RedisLink(RedisUrl.parse(url), channel);
        toClose.add(raw);
        raw.start();
        await().atMost(WAIT).until(raw::healthy);
        raw.publish("not a bus message".getBytes(StandardCharsets.UTF_8));
        a.publish(items(1, 1, Target.user("u")));
        await().atMost(WAIT).until(() -> b.items.size() == 1);
        assertThat(b.seqs()).containsExactly(1L);
    }

    @Test
    void aRedisRestartIsSurvivedAndEveryNodeIsToldToCatchUp() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            url = redis.url();
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            Bus busA = node("a", a);
            Bus busB = node("b", b);
            // The first connection counts as a catch-up too: items may have committed before it.
            await().atMost(WAIT).until(() -> a.resyncs() == 1 && b.resyncs() == 1);

            redis.stop();
            await().atMost(WAIT).until(() -> !busA.healthy() && !busB.healthy());
            // Down: the node still serves its own streams.
            busA.publish(items(1, 1, Target.user("u")));
            assertThat(a.seqs()).containsExactly(1L);

            redis.start();
            await().atMost(WAIT).until(() -> busA.healthy() && busB.healthy());
            await().atMost(WAIT).until(() -> a.resyncs() == 2 && b.resyncs() == 2);
            busA.publish(items(2, 1, Target.user("u")));
            await().atMost(WAIT).until(() -> b.items.size() == 1);
            // Item 1 never crossed (Redis was down): the hub reads it from the store on the resync.
            assertThat(b.seqs()).containsExactly(2L);
        }
    }
}
