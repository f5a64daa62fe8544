package dev.herald.redis;

import dev.herald.core.limit.LocalRateLimiter;
import dev.herald.core.limit.Rate;
import dev.herald.core.limit.RateDecision;
import dev.herald.core.limit.RateLimiter;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Cluster-wide token buckets: each bucket is a small Redis hash updated by one script, atomically,
 * on Redis's clock, so every node spends from the same bucket and a limit means the same with one
 * node or ten. While Redis is unreachable each node decides on its own with a
 * {@link LocalRateLimiter} at the same rate (the cluster may then pass up to one limit per node);
 * refusing every publish because the rate limiter's store is away would turn a Redis outage into
 * a publishing outage.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    /**
     * ARGV: key, permits per millisecond, burst, permits wanted. Returns {allowed, remaining,
     * reset ms, retry-after ms}. The key expires once the bucket would be full again, so idle
     * buckets cost nothing.
     */
    static final String TAKE = """
            local key = ARGV[1]
            local rate = tonumber(ARGV[2])
            local burst = tonumber(ARGV[3])
            local want = tonumber(ARGV[4])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local s = redis.call('HMGET', key, 'tokens', 'at')
            local tokens = tonumber(s[1]) or burst
            local at = tonumber(s[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
            local allowed = 0
            local retry = 0
            if want <= tokens then
              tokens = tokens - want
              allowed = 1
            else
              retry = math.ceil((want - tokens) / rate)
            end
            local reset = math.ceil((burst - tokens) / rate)
            redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', key, reset + 1000)
            return {allowed, math.floor(tokens), reset, retry}
            """;

    private final RedisLink link;
    private final String prefix;
    private final LocalRateLimiter fallback = new LocalRateLimiter();
    private volatile boolean fellBack;

    /** Buckets live under {@code <prefix>rate:<bucket>} (the hub's key prefix, see {@link RedisCluster#prefix}). */
    public RedisRateLimiter(RedisLink link, String prefix) {
        this.link = link;
        this.prefix = prefix;
    }

    @Override
    public CompletableFuture<RateDecision> acquire(String bucket, Rate rate, int permits) {
        if (permits < 1 || permits > rate.burst()) {
            throw new IllegalArgumentException("permits must be 1.." + rate.burst());
        }
        Request take = Request.cmd(Command.EVAL).arg(TAKE).arg(0).arg(prefix + "rate:" + bucket)
                .arg(Double.toString(rate.perMillisecond())).arg(rate.burst()).arg(permits);
        return link.send(take).handle((r, e) -> {
            if (e != null) {
                if (!fellBack) {
                    fellBack = true;
                    log.warn("rate limits are counted on this node alone while Redis is unreachable: {}", e.toString());
                }
                return fallback.decide(bucket, rate, permits);
            }
            if (fellBack) {
                fellBack = false;
                log.info("rate limits are counted cluster-wide again");
            }
            return decision(r, rate);
        });
    }

    private static RateDecision decision(Response r, Rate rate) {
        return new RateDecision(r.get(0).toLong() == 1, rate.burst(), r.get(1).toLong(), r.get(2).toLong(),
                r.get(3).toLong());
    }

    @Override
    public void close() {
        fallback.close();
    }
}
