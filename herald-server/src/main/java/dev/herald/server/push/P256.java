package dev.herald.server.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/**
 * The NIST P-256 keys Web Push uses, in the raw forms browsers exchange: a public key is the 65-byte
 * uncompressed point (0x04 || x || y), a private key the 32-byte scalar.
 */
public final class P256 {
    static final ECParameterSpec PARAMS = params();
    private static final int FIELD_BYTES = 32;

    private P256() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    /**
     * A public key from its uncompressed point. The point is checked to lie on the curve: a key from
     * a browser is untrusted input, and an off-curve point is the classic invalid-curve attack on ECDH.
     */
    public static ECPublicKey publicKey(byte[] uncompressed) {
        if (uncompressed.length != 1 + 2 * FIELD_BYTES || uncompressed[0] != 0x04) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting with 0x04");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 1 + FIELD_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1 + FIELD_BYTES, uncompressed.length));
        if (!onCurve(x, y)) {
            throw new IllegalArgumentException("the point is not on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key", e);
        }
    }

    public static ECPrivateKey privateKey(byte[] scalar) {
        if (scalar.length != FIELD_BYTES) {
            throw new IllegalArgumentException("a P-256 private key is 32 bytes");
        }
        BigInteger d = new BigInteger(1, scalar);
        if (d.signum() == 0 || d.compareTo(PARAMS.getOrder()) >= 0) {
            throw new IllegalArgumentException("the private key is out of range for P-256");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    public static byte[] encode(ECPublicKey key) {
        byte[] out = new byte[1 + 2 * FIELD_BYTES];
        out[0] = 0x04;
        fixed(key.getW().getAffineX(), out, 1);
        fixed(key.getW().getAffineY(), out, 1 + FIELD_BYTES);
        return out;
    }

    public static byte[] encode(ECPrivateKey key) {
        byte[] out = new byte[FIELD_BYTES];
        fixed(key.getS(), out, 0);
        return out;
    }

    private static boolean onCurve(BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    /** Writes n big-endian into exactly 32 bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static void fixed(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, FIELD_BYTES);
        System.arraycopy(b, b.length - len, out, at + FIELD_BYTES - len, len);
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
