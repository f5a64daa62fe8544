package dev.herald.server.auth;

import dev.herald.core.keys.TokenKeys;
import dev.herald.core.keys.VerificationKey;
import java.util.List;
import java.util.Objects;

/** An identity provider's key set that never changes and needs no server: for tests of the verifier alone. */
final class FixedTokenKeys implements TokenKeys {
    private final List<VerificationKey> keys;

    FixedTokenKeys(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public List<VerificationKey> cached(String keyId) {
        return keyId == null ? keys : keys.stream().filter(k -> Objects.equals(k.keyId(), keyId)).toList();
    }

    @Override
    public List<VerificationKey> fetch(String keyId) {
        return cached(keyId);
    }

    @Override
    public void close() {
    }
}
