package dev.herald.server.auth;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Publisher keys. Compared as SHA-256 digests with a constant-time check, so neither a key's bytes
 * nor its length leak through timing. A matched key is known by its fingerprint, which scopes
 * idempotency keys and may appear in logs; the key itself never does.
 */
public final class ApiKeys {
    private final List<byte[]> digests;

    public ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    /** Returns the fingerprint of the matching key, or throws {@link ErrorCode#INVALID_API_KEY}. */
    public String check(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new HeraldException(ErrorCode.MISSING_CREDENTIALS, "send the publisher key as 'Authorization: Bearer <key>'");
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (byte[] d : digests) {
            if (MessageDigest.isEqual(d, digest) && match == null) {
                match = HexFormat.of().formatHex(d, 0, 8);
            }
        }
        if (match == null) {
            throw new HeraldException(ErrorCode.INVALID_API_KEY, "the publisher key is not valid");
        }
        return match;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
