package dev.herald.chaos;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * A VAPID key pair for the run's cluster (cluster mode requires the same one on every node), as the
 * hub takes it: base64url of the 65-byte uncompressed P-256 point and of the 32-byte private scalar.
 */
final class VapidPair {
    private VapidPair() {
    }

    static Map<String, String> env() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copy32(pub.getW().getAffineX(), point, 1);
        copy32(pub.getW().getAffineY(), point, 33);
        byte[] priv = new byte[32];
        copy32(((ECPrivateKey) pair.getPrivate()).getS(), priv, 0);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Map.of("HERALD_VAPID_PUBLIC_KEY", b64.encodeToString(point), "HERALD_VAPID_PRIVATE_KEY",
                b64.encodeToString(priv), "HERALD_VAPID_SUBJECT", "mailto:chaos@example.com");
    }

    /** The number as exactly 32 big-endian bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static void copy32(BigInteger n, byte[] to, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, to, at + 32 - len, len);
    }
}
