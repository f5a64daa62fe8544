package dev.herald.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.keys.TokenKeys;
import dev.herald.server.config.JwksSettings;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Subscriber tokens. Herald's own: HS256 JWTs with {@code sub} (the user) and a required {@code exp},
 * signed with the hub's secret; they are the only symmetric tokens accepted, whatever the header claims.
 * With an identity provider configured ({@code HERALD_JWT_JWKS_URL}), also tokens signed with its keys
 * (RS, PS, ES and EdDSA algorithms; see {@link IdentityTokens}). The token's header {@code alg} decides
 * which: HS256 is checked with the secret, an asymmetric algorithm against the provider's keys, anything
 * else ({@code none} included) is refused.
 *
 * <p>{@link #verifyNow} never blocks and answers almost every token; only a provider's token whose key
 * is not cached waits for {@link #verifyLater}, on a small pool of its own.
 */
public final class JwtService implements AutoCloseable {
    /** How long a token waiting for its provider's keys may wait in all, queue included. */
    private static final long LATER_TIMEOUT_MS = 15_000;

    private final JWSVerifier verifier;
    private final JWSSigner signer;
    private final TokenKeys keys;
    private final IdentityTokens identity;
    private final KeyFetchWorkers workers;

    /** Herald's own HS256 tokens only. */
    public JwtService(byte[] secret) {
        this(secret, null, null);
    }

    /**
     * @param keys     the provider's keys (closed with this service), or null for HS256 only
     * @param settings the provider's issuer, audience and user claim; null exactly when keys is
     */
    public JwtService(byte[] secret, TokenKeys keys, JwksSettings settings) {
        try {
            this.verifier = new MACVerifier(secret);
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT secret must be at least 32 bytes", e);
        }
        this.keys = keys;
        this.identity = keys == null ? null : new IdentityTokens(keys, settings);
        this.workers = keys == null ? null : new KeyFetchWorkers();
    }

    /**
     * Verifies a token at once if it can: the subject, or null when the token is the identity provider's
     * and its key is not cached (then call {@link #verifyLater}). Never blocks.
     *
     * @throws HeraldException {@link ErrorCode#INVALID_TOKEN} or {@link ErrorCode#TOKEN_EXPIRED}
     */
    public Subject verifyNow(String token) {
        ParsedToken parsed = ParsedToken.parse(token);
        JWSAlgorithm alg = parsed.algorithm();
        if (JWSAlgorithm.HS256.equals(alg)) {
            return verifyHs256(parsed);
        }
        return identityTokens(alg).verifyIfCached(parsed);
    }

    /**
     * Verifies a token on a worker thread, fetching the identity provider's keys if need be; the future
     * fails with a {@link HeraldException} (401) for a bad token, for a provider that cannot be reached
     * in time, or when too many tokens already wait.
     */
    public CompletableFuture<Subject> verifyLater(String token) {
        if (workers == null) {
            throw new IllegalStateException("no identity provider is configured: every token is verified now");
        }
        CompletableFuture<Subject> result;
        try {
            result = CompletableFuture.supplyAsync(() -> verifyFetching(token), workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(TokenClaims.invalid(
                    "the identity provider's keys cannot be fetched right now"));
        }
        return result.orTimeout(LATER_TIMEOUT_MS, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return CompletableFuture.failedFuture(cause instanceof HeraldException ? cause
                    : TokenClaims.invalid("the identity provider's keys cannot be fetched right now"));
        });
    }

    /** Verifies a token, fetching the provider's keys if need be: may block, so never on an event loop. */
    public Subject verify(String token) {
        Subject now = verifyNow(token);
        return now != null ? now : verifyFetching(token);
    }

    private Subject verifyFetching(String token) {
        ParsedToken parsed = ParsedToken.parse(token);
        JWSAlgorithm alg = parsed.algorithm();
        if (JWSAlgorithm.HS256.equals(alg)) {
            return verifyHs256(parsed);
        }
        return identityTokens(alg).verifyFetching(parsed);
    }

    private IdentityTokens identityTokens(JWSAlgorithm alg) {
        if (identity == null) {
            throw TokenClaims.invalid("the token must be signed with HS256");
        }
        if (!IdentityTokens.ALGORITHMS.contains(alg)) {
            throw TokenClaims.invalid("the token's algorithm is not accepted: HS256 for the hub's own tokens,"
                    + " RS256/384/512, PS256/384/512, ES256/384/512 or EdDSA for the identity provider's");
        }
        return identity;
    }

    private Subject verifyHs256(ParsedToken parsed) {
        try {
            if (!parsed.jwt().verify(verifier)) {
                throw TokenClaims.invalid("the token's signature does not verify");
            }
        } catch (JOSEException e) {
            throw TokenClaims.invalid("the token's signature does not verify");
        }
        // The hub's own tokens: always sub, and no issuer or audience (those are the provider's).
        return TokenClaims.check(parsed, "sub", null, null);
    }

    /** Stops the key fetches and the provider's background refresh. Idempotent. */
    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        if (keys != null) {
            keys.close();
        }
    }

    /** A minted token and the exact moment its {@code exp} passes (whole seconds, as in the JWT). */
    public record Minted(String token, long expiresAtMillis) {
    }

    /** Mints a token for a user, valid for {@code ttl}. */
    public String mint(String userId, Duration ttl) {
        return mintWithExpiry(userId, ttl).token();
    }

    /** Mints a token and says when it expires, exactly as its {@code exp} claim does. */
    public Minted mintWithExpiry(String userId, Duration ttl) {
        long now = System.currentTimeMillis();
        long exp = (now + ttl.toMillis()) / 1000 * 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(new Date(now / 1000 * 1000))
                .expirationTime(new Date(exp))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return new Minted(jwt.serialize(), exp);
    }
}
