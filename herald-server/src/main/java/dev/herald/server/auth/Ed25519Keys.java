package dev.herald.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import dev.herald.core.keys.VerificationKey;

import java.security.Key;
import java.security.interfaces.EdECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EdDSA for nimbus's {@code DefaultJWTProcessor}. Its {@code JWSVerificationKeySelector} hands out JCA keys
 * and has no JCA form for an Ed25519 JWK (nimbus verifies those with Tink), so it would find no key for
 * an EdDSA token. This selector applies the same matching rules ({@link JWKMatcher#forJWSHeader}: key
 * type, curve, {@code kid}, {@code use}, {@code alg}) to the provider's Ed25519 keys, and the factory
 * makes nimbus's Tink-backed {@link Ed25519Verifier} for them.
 */
final class Ed25519Keys {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private static final JCAContext JCA = new JCAContext();

    static final JWSVerifierFactory VERIFIERS = new JWSVerifierFactory() {
        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (!ALGORITHMS.contains(header.getAlgorithm()) || !(key instanceof EdECPublicKey ed)) {
                throw new JOSEException("not an Ed25519 key for an EdDSA token");
            }
            return new Ed25519Verifier((OctetKeyPair) JwkKeys.toJwk(new VerificationKey(null, ed, null, null)));
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return JCA;
        }
    };

    private Ed25519Keys() {
    }

    /** The Ed25519 keys among {@code candidates} (with {@code jwks} their JWK forms, in the same order). */
    static JWSKeySelector<SecurityContext> selector(List<VerificationKey> candidates, List<JWK> jwks) {
        return (header, context) -> {
            if (!ALGORITHMS.contains(header.getAlgorithm())) {
                return List.of();
            }
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < jwks.size(); i++) {
                if (jwks.get(i) instanceof OctetKeyPair && matcher != null && matcher.matches(jwks.get(i))) {
                    keys.add(candidates.get(i).key());
                }
            }
            return keys;
        };
    }
}
