package dev.herald.server.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * Web Push message encryption (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188), as one
 * record. Each message gets a fresh key pair and salt: reusing either would repeat the AES-GCM key
 * and nonce across messages, which breaks confidentiality.
 */
public final class Aes128GcmEncryption {
    /** The record size written in the header; the whole body must also fit the 4096 bytes push services promise. */
    static final int RECORD_SIZE = 4096;
    private static final int HEADER_BYTES = 16 + 4 + 1 + 65;
    private static final int TAG_BYTES = 16;
    /** The largest plaintext whose encrypted body (header, delimiter, tag) fits in 4096 bytes. */
    public static final int MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_BYTES - 1 - TAG_BYTES;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte LAST_RECORD = 0x02;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aes128GcmEncryption() {
    }

    /** Encrypts for the subscription's key ({@code p256dh}, 65 bytes) and auth secret (16 bytes). */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, P256.generate(), salt);
    }

    /** The deterministic core, given the sender's key pair and salt: only tests pass their own (RFC 8291 §5). */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair sender, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("the payload is " + plaintext.length + " bytes, over the "
                    + MAX_PLAINTEXT_BYTES + " one push message holds");
        }
        if (authSecret.length != 16) {
            throw new IllegalArgumentException("the auth secret is 16 bytes");
        }
        ECPublicKey ua = P256.publicKey(uaPublic);
        byte[] asPublic = P256.encode((ECPublicKey) sender.getPublic());
        try {
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init((ECPrivateKey) sender.getPrivate());
            ecdh.doPhase(ua, true);
            byte[] ikm = Hkdf.derive(authSecret, ecdh.generateSecret(), Hkdf.concat(KEY_INFO, uaPublic, asPublic), 32);
            byte[] cek = Hkdf.derive(salt, ikm, CEK_INFO, 16);
            byte[] nonce = Hkdf.derive(salt, ikm, NONCE_INFO, 12);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            ByteBuffer body = ByteBuffer.allocate(HEADER_BYTES + plaintext.length + 1 + TAG_BYTES);
            body.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
            // One record, no padding: the plaintext and the last-record delimiter.
            body.put(gcm.doFinal(Hkdf.concat(plaintext, new byte[] {LAST_RECORD})));
            return body.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed", e);
        }
    }
}
