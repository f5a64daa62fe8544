package dev.herald.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.herald.core.keys.KeysUnavailableException;
import dev.herald.core.keys.TokenKeys;
import dev.herald.core.keys.VerificationKey;
import dev.herald.server.config.JwksSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscriber tokens signed by an identity provider, verified with nimbus's {@link DefaultJWTProcessor}
 * and a {@link JWSVerificationKeySelector} over the provider's keys: the key's type decides the algorithm
 * (an RSA key verifies only RS and PS tokens, an EC key only ES tokens of its curve, an Ed25519 key only
 * EdDSA), and a key whose {@code alg} or {@code use} says otherwise is not used. No symmetric algorithm is
 * accepted here, so a token "signed" with a public key's bytes as an HMAC secret never verifies.
 */
final class IdentityTokens {
    /** What nimbus verifies with JCA keys through its {@link JWSVerificationKeySelector}. */
    private static final Set<JWSAlgorithm> JCA_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** Every algorithm an identity provider's token may use; EdDSA goes through {@link Ed25519Keys}. */
    static final Set<JWSAlgorithm> ALGORITHMS = union(JCA_ALGORITHMS, Ed25519Keys.ALGORITHMS);
    /** JWT, the access-token type of RFC 9068 (Auth0 sends it), or none. */
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);
    private static final int MAX_CONVERTED = 256;

    private final TokenKeys keys;
    private final JwksSettings settings;
    /** JWKs made from the keys, kept: a verification on the event loop should not rebuild them. */
    private final Map<VerificationKey, JWK> converted = new ConcurrentHashMap<>();

    private static Set<JWSAlgorithm> union(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
        Set<JWSAlgorithm> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    IdentityTokens(TokenKeys keys, JwksSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    /** Verified with the cached keys; null when none is cached for the token's key id (fetch first). */
    Subject verifyIfCached(ParsedToken token) {
        List<VerificationKey> cached = keys.cached(token.keyId());
        return cached.isEmpty() ? null : verify(token, cached);
    }

    /** Verified after fetching the provider's keys if need be: blocks, never on an event loop. */
    Subject verifyFetching(ParsedToken token) {
        List<VerificationKey> fetched;
        try {
            fetched = keys.fetch(token.keyId());
        } catch (KeysUnavailableException e) {
            throw TokenClaims.invalid("the identity provider's keys cannot be fetched right now");
        }
        if (fetched.isEmpty()) {
            throw TokenClaims.invalid("no key of the identity provider matches the token's key id (kid)");
        }
        return verify(token, fetched);
    }

    private Subject verify(ParsedToken token, List<VerificationKey> candidates) {
        if (converted.size() > MAX_CONVERTED) {
            converted.clear();
        }
        // An EC key of another curve is left out: nimbus would make a verifier for it that throws on
        // this algorithm (instead of failing to verify), and a token without a kid tries every key.
        Set<Curve> curves = Curve.forJWSAlgorithm(token.algorithm());
        List<VerificationKey> usable = new ArrayList<>(candidates.size());
        List<JWK> jwks = new ArrayList<>(candidates.size());
        for (VerificationKey k : candidates) {
            JWK jwk = converted.computeIfAbsent(k, JwkKeys::toJwk);
            if (jwk instanceof ECKey ec && (curves == null || !curves.contains(ec.getCurve()))) {
                continue;
            }
            usable.add(k);
            jwks.add(jwk);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(TYPES);
        if (Ed25519Keys.ALGORITHMS.contains(token.algorithm())) {
            processor.setJWSKeySelector(Ed25519Keys.selector(usable, jwks));
            processor.setJWSVerifierFactory(Ed25519Keys.VERIFIERS);
        } else {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JCA_ALGORITHMS,
                    new ImmutableJWKSet<>(new JWKSet(jwks))));
        }
        // Claims are Herald's rules (TokenClaims), with token_expired for an expired token.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        try {
            processor.process(token.jwt(), null);
        } catch (BadJOSEException | JOSEException e) {
            throw TokenClaims.invalid("the token's signature does not verify with the identity provider's keys");
        }
        return TokenClaims.check(token, settings.userClaim(), settings.issuer(), settings.audience());
    }
}
