package dev.herald.core.limit;

import java.util.concurrent.CompletableFuture;

/**
 * Token buckets by name: publisher keys and subscribers spend permits, which refill at their
 * {@link Rate}. {@link LocalRateLimiter} counts on this node; in cluster mode a shared one counts
 * for every node together.
 *
 * <h2>Contract (every implementation passes the same contract suite)</h2>
 * <ul>
 *   <li><b>A bucket starts full</b> ({@code burst} permits) and refills continuously at the rate,
 *       never beyond {@code burst}.</li>
 *   <li><b>All or nothing.</b> A call takes all its permits or none: a refused call leaves the
 *       bucket as it was, and says how long until the asked permits are there.</li>
 *   <li><b>Never more than allowed.</b> Across any number of concurrent callers (and nodes, for a
 *       shared implementation), the permits granted in any span of time never exceed
 *       {@code burst + rate × span}.</li>
 *   <li><b>Buckets are independent</b> by name; an idle bucket may be forgotten (it would be full).</li>
 *   <li><b>Never blocks the caller</b>; the future may complete on any thread. An implementation
 *       that cannot reach its shared state decides on its own rather than fail the call.</li>
 *   <li><b>Closing</b> is idempotent.</li>
 * </ul>
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Takes {@code permits} (1..{@code rate.burst()}) from the bucket {@code bucket}.
     *
     * @throws IllegalArgumentException if permits is outside 1..burst (such a call could never pass)
     */
    CompletableFuture<RateDecision> acquire(String bucket, Rate rate, int permits);

    @Override
    void close();
}
