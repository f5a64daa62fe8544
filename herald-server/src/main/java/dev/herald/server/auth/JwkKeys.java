package dev.herald.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.herald.core.keys.VerificationKey;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Between nimbus's JWKs and the core's {@link VerificationKey} (JDK key types). Only public signing keys
 * cross: a symmetric ({@code oct}) key from a key set is never one, so a JWKS can never hand the hub
 * an HMAC secret.
 */
public final class JwkKeys {
    /** The DER prefix of an Ed25519 public key (RFC 8410): what precedes the 32 raw bytes. */
    private static final byte[] ED25519_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private JwkKeys() {
    }

    /** The key as the core sees it, or null for a key Herald does not verify with (private, symmetric, X25519). */
    public static VerificationKey toVerificationKey(JWK jwk) {
        PublicKey key;
        try {
            if (jwk instanceof RSAKey rsa) {
                key = rsa.toRSAPublicKey();
            } else if (jwk instanceof ECKey ec) {
                key = ec.toECPublicKey();
            } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                byte[] raw = okp.getX().decode();
                if (raw.length != 32) {
                    return null;
                }
                byte[] der = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + 32);
                System.arraycopy(raw, 0, der, ED25519_PREFIX.length, 32);
                key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            } else {
                return null;
            }
        } catch (JOSEException | GeneralSecurityException e) {
            return null;
        }
        return new VerificationKey(jwk.getKeyID(), key,
                jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName(),
                jwk.getKeyUse() == null ? null : jwk.getKeyUse().identifier());
    }

    /** The key as a JWK, its id, {@code alg} and {@code use} kept (the verifier matches tokens on them). */
    public static JWK toJwk(VerificationKey k) {
        JWSAlgorithm alg = k.algorithm() == null ? null : JWSAlgorithm.parse(k.algorithm());
        KeyUse use = k.use() == null ? null : new KeyUse(k.use());
        PublicKey key = k.key();
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(k.keyId()).algorithm(alg).keyUse(use).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(k.keyId()).algorithm(alg)
                    .keyUse(use).build();
        }
        if (key instanceof EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName())) {
            byte[] der = ed.getEncoded();
            byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(k.keyId()).algorithm(alg)
                    .keyUse(use).build();
        }
        throw new IllegalArgumentException("not an RSA, EC or Ed25519 public key: " + key.getAlgorithm());
    }
}
