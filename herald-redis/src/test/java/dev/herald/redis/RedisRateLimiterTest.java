package dev.herald.redis;

import dev.herald.core.limit.Rate;
import dev.herald.core.limit.RateLimiter;
import dev.herald.core.limit.RateLimiterContract;
import dev.herald.redis.testing.RedisServerProcess;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rate limiter contract on a real Redis, plus what only a shared limiter promises. */
@RequiresRedis
class RedisRateLimiterTest extends RateLimiterContract {
    private final String prefix = TestRedis.freshPrefix() + ":";
    private final List<AutoCloseable> links = new ArrayList<>();

    @AfterEach
    void closeLinks() throws Exception {
        for (AutoCloseable c : links) {
            c.close();
        }
    }

    private RedisLink link(String url) {
        RedisLink link = new RedisLink(RedisUrl.parse(url), prefix + "items");
        links.add(link);
        link.start();
        await().atMost(Duration.ofSeconds(15)).until(link::healthy);
        return link;
    }

    @Override
    protected RateLimiter create() {
        return new RedisRateLimiter(link(TestRedis.URL), prefix);
    }

    @Test
    void twoNodesSpendFromOneBucket() {
        RateLimiter a = limiter();
        RateLimiter b = limiter();
        Rate rate = new Rate(1, Duration.ofHours(1), 3);
        assertThat(a.acquire("shared", rate, 2).join().allowed()).isTrue();
        assertThat(b.acquire("shared", rate, 2).join().allowed()).as("only 1 left, on every node").isFalse();
        assertThat(b.acquire("shared", rate, 1).join().allowed()).isTrue();
        assertThat(a.acquire("shared", rate, 1).join().allowed()).isFalse();
    }

    @Test
    void withoutRedisEachNodeStillLimitsOnItsOwn() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            RedisRateLimiter limiter = new RedisRateLimiter(link(redis.url()), prefix);
            links.add(limiter);
            Rate rate = new Rate(1, Duration.ofHours(1), 2);
            assertThat(limiter.acquire("local", rate, 1).join().allowed()).isTrue();
            redis.stop();
            // Counted locally from a full bucket: 2 more, then refused.
            assertThat(limiter.acquire("local", rate, 2).join().allowed()).isTrue();
            assertThat(limiter.acquire("local", rate, 1).join().allowed()).isFalse();
        }
    }
}
