package dev.herald.core.keys;

import java.security.PublicKey;
import java.util.Objects;

/**
 * One public key that may verify subscriber tokens, as an identity provider publishes it.
 *
 * @param keyId     the key's id ({@code kid}), or null when the provider gives none
 * @param key       the public key: RSA, EC (P-256, P-384, P-521) or Ed25519
 * @param algorithm the one JWS algorithm the provider allows with it ({@code alg}, e.g. RS256), or null for any
 *                  that fits the key's type
 * @param use       what the key is for ({@code use}: {@code sig} or {@code enc}), or null when unsaid
 */
public record VerificationKey(String keyId, PublicKey key, String algorithm, String use) {
    public VerificationKey {
        Objects.requireNonNull(key, "key");
    }
}
