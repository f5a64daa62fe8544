package dev.herald.server.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.herald.core.keys.KeysUnavailableException;
import dev.herald.core.keys.TokenKeys;
import dev.herald.core.keys.VerificationKey;
import dev.herald.server.config.JwksSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An identity provider's key set, fetched over HTTP(S) with nimbus's JWKS machinery: a cache refreshed
 * ahead of its expiry in the background, a refresh when a token names an unknown key, and a rate limit
 * on fetches (nimbus lets two through per interval, so a rotation is found even right after a background
 * refresh). {@link #cached} answers from the last set fetched, kept here as it passes by, without touching
 * nimbus's chain, which may block.
 */
public final class JwksTokenKeys implements TokenKeys {
    private static final Logger log = LoggerFactory.getLogger(JwksTokenKeys.class);
    /** Largest key set accepted: providers publish a few keys, a few KB. */
    private static final int MAX_BYTES = 256 * 1024;

    private final JwksSettings settings;
    private final JWKSource<SecurityContext> source;
    private final ScheduledExecutorService background;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** The last set fetched and when: what {@link #cached} answers from while it is fresh. */
    private volatile Snapshot last;
    /** Whether the last fetch failed: the log says so once per outage, not once per token. */
    private volatile boolean failing;

    private record Snapshot(List<VerificationKey> keys, long fetchedAtMillis) {
    }

    public JwksTokenKeys(JwksSettings settings) {
        this.settings = settings;
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) settings.connectTimeout().toMillis(), (int) settings.readTimeout().toMillis(), MAX_BYTES);
        long fetchBound = settings.connectTimeout().toMillis() + settings.readTimeout().toMillis() + 500;
        long ttl = settings.cacheTtl().toMillis();
        this.source = JWKSourceBuilder.<SecurityContext>create(new Recording(new URLBasedJWKSetSource<>(settings.url(), retriever)))
                // Waiting for another thread's fetch takes no longer than one fetch may.
                .cache(ttl, fetchBound)
                .refreshAheadCache(Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 4), true)
                .rateLimited(settings.refreshInterval().toMillis())
                .retrying(false)
                .build();
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-jwks-refresh");
            t.setDaemon(true);
            return t;
        });
        // The first fetch, and another whenever the set is missing or stale (the source was down): a hub
        // starts whether or not its identity provider answers, and keeps trying.
        long every = settings.refreshInterval().toMillis();
        background.scheduleWithFixedDelay(this::refreshIfStale, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<VerificationKey> cached(String keyId) {
        Snapshot s = last;
        if (s == null || System.currentTimeMillis() - s.fetchedAtMillis() >= settings.cacheTtl().toMillis()) {
            return List.of();
        }
        return matching(s.keys(), keyId);
    }

    @Override
    public List<VerificationKey> fetch(String keyId) {
        if (closed.get()) {
            throw new KeysUnavailableException("the key source is closed", null);
        }
        JWKMatcher matcher = keyId == null ? new JWKMatcher.Builder().build()
                : new JWKMatcher.Builder().keyID(keyId).build();
        List<JWK> found;
        try {
            found = source.get(new JWKSelector(matcher), null);
        } catch (RateLimitReachedException e) {
            // Asked too often for keys the set lacks: what the cache has is the answer.
            return cached(keyId);
        } catch (KeySourceException e) {
            throw new KeysUnavailableException("cannot fetch the key set from " + settings.shownUrl() + ": "
                    + describe(e), e);
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (JWK jwk : found) {
            VerificationKey k = JwkKeys.toVerificationKey(jwk);
            if (k != null) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** Fetches made so far (each request to the provider), for metrics and tests. */
    public long fetches() {
        return fetches.get();
    }

    /** Fetches that failed so far. */
    public long failures() {
        return failures.get();
    }

    private void refreshIfStale() {
        Snapshot s = last;
        // Nimbus refreshes ahead of expiry itself; this is for a source that is down (or was at start).
        if (s != null && System.currentTimeMillis() - s.fetchedAtMillis() < settings.cacheTtl().toMillis()
                - settings.refreshInterval().toMillis()) {
            return;
        }
        try {
            fetch(null);
        } catch (RuntimeException e) {
            // Logged where the fetch failed; the next turn tries again.
        }
    }

    private static List<VerificationKey> matching(List<VerificationKey> keys, String keyId) {
        if (keyId == null) {
            return keys;
        }
        List<VerificationKey> out = new ArrayList<>(1);
        for (VerificationKey k : keys) {
            if (keyId.equals(k.keyId())) {
                out.add(k);
            }
        }
        return out;
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        return cause == e ? message : message + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        background.shutdownNow();
        if (source instanceof java.io.Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("closing the JWKS source: {}", e.toString());
            }
        }
    }

    /** The fetch itself, watched: counts, the snapshot for {@link #cached}, one log line per outage. */
    private final class Recording implements JWKSetSource<SecurityContext> {
        private final JWKSetSource<SecurityContext> delegate;

        Recording(JWKSetSource<SecurityContext> delegate) {
            this.delegate = delegate;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long now, SecurityContext context)
                throws KeySourceException {
            if (closed.get()) {
                throw new KeySourceException("the key source is closed");
            }
            fetches.incrementAndGet();
            JWKSet set;
            try {
                set = delegate.getJWKSet(evaluator, now, context);
            } catch (KeySourceException | RuntimeException e) {
                failures.incrementAndGet();
                if (!failing) {
                    failing = true;
                    log.warn("cannot fetch the identity provider's keys from {}: {}; tokens whose key is not cached"
                            + " get 401 invalid_token until it answers (trying again in the background)",
                            settings.shownUrl(), describe(e));
                }
                throw e;
            }
            List<VerificationKey> keys = new ArrayList<>();
            for (JWK jwk : set.getKeys()) {
                VerificationKey k = JwkKeys.toVerificationKey(jwk);
                if (k != null) {
                    keys.add(k);
                }
            }
            last = new Snapshot(List.copyOf(keys), System.currentTimeMillis());
            if (failing) {
                failing = false;
                log.info("the identity provider's keys are reachable again at {}", settings.shownUrl());
            } else {
                log.debug("fetched {} keys from {}", keys.size(), settings.shownUrl());
            }
            return set;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
