package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.limit.Rate;
import dev.herald.core.limit.RateDecision;
import dev.herald.core.limit.RateLimiter;
import dev.herald.server.config.RateSettings;
import dev.herald.server.metrics.Metrics;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The hub's two rate limits, in front of the writes they protect: publishes per publisher key,
 * counted in items (a batch of 100 takes 100), and each subscriber's writes to {@code /v1/me/...}.
 * A write goes ahead only once its permits are taken, so a refused request stores nothing; it is
 * answered {@code 429 rate_limited} with {@code Retry-After}. Every answer of a limited route says
 * where the caller stands ({@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset}).
 */
final class RateLimits {
    private static final String DECISION = "herald.rate";

    private final RateLimiter limiter;
    private final RateSettings rates;
    private final Metrics metrics;

    RateLimits(RateLimiter limiter, RateSettings rates, Metrics metrics) {
        this.limiter = limiter;
        this.rates = rates;
        this.metrics = metrics;
    }

    /**
     * Takes {@code items} permits for the request's publisher key, then runs {@code write}. Call on
     * the request's event loop, after the body was validated.
     */
    <T> CompletableFuture<T> publish(RoutingContext ctx, int items, Supplier<CompletableFuture<T>> write) {
        Rate rate = rates.publish();
        if (rate != null && items > rate.burst()) {
            // It could never pass: say so rather than have the client retry forever.
            return CompletableFuture.failedFuture(Invalid.field("this request publishes " + items
                    + " items, more than the publish burst of " + rate.burst() + " (HERALD_PUBLISH_RATE); split it"));
        }
        String key = ctx.get(PublisherAuth.PUBLISHER);
        return limited(ctx, rate, "publish:" + key, items, "publish", key, write);
    }

    /** Takes one permit for the request's subscriber, then runs {@code write}. */
    <T> CompletableFuture<T> subscriberWrite(RoutingContext ctx, Supplier<CompletableFuture<T>> write) {
        return limited(ctx, rates.subscriberWrites(), "me:" + ctx.get(SubscriberAuth.USER), 1, "subscriber_writes",
                "-", write);
    }

    private <T> CompletableFuture<T> limited(RoutingContext ctx, Rate rate, String bucket, int permits, String limit,
                                             String key, Supplier<CompletableFuture<T>> write) {
        if (rate == null) {
            return write.get();
        }
        // Headers are added as the answer goes out, on the event loop, whatever the answer is.
        ctx.addHeadersEndHandler(v -> headers(ctx.response(), ctx.get(DECISION)));
        return limiter.acquire(bucket, rate, permits).thenCompose(decision -> {
            ctx.put(DECISION, decision);
            if (!decision.allowed()) {
                metrics.rateLimited(limit, key);
                throw HeraldException.retryAfter(ErrorCode.RATE_LIMITED, "rate limit reached: at most " + rate
                        + (limit.equals("publish") ? " items per publisher key" : " changes per user")
                        + "; retry after " + decision.retryAfterSeconds() + " s", decision.retryAfterSeconds());
            }
            return write.get();
        });
    }

    private static void headers(HttpServerResponse response, RateDecision decision) {
        if (decision == null) {
            return;
        }
        response.putHeader("RateLimit-Limit", Long.toString(decision.limit()))
                .putHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
