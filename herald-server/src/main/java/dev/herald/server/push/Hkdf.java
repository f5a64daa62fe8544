package dev.herald.server.push;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** HKDF with HMAC-SHA256 (RFC 5869), for outputs of at most one hash block, which is all RFC 8291 needs. */
final class Hkdf {
    private Hkdf() {
    }

    static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length > 32) {
            throw new IllegalArgumentException("one block of HMAC-SHA256 at most");
        }
        byte[] prk = hmac(salt, ikm);
        byte[] block = hmac(prk, concat(info, new byte[] {1}));
        return Arrays.copyOf(block, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
