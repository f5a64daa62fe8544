package dev.herald.server.push;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The hub's VAPID identity (RFC 8292): the P-256 key pair that signs every push request and the
 * contact ({@code sub}) push services may use to reach the operator. Browsers bind each subscription
 * to the public key, so changing it orphans every subscription.
 */
public final class VapidKeys {
    /** The keys of the generated file, the same names as the settings so its lines can be copied into a config file. */
    public static final String PUBLIC_KEY = "HERALD_VAPID_PUBLIC_KEY";
    public static final String PRIVATE_KEY = "HERALD_VAPID_PRIVATE_KEY";

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;
    private final String publicKeyText;
    private final String subject;

    private VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey, String subject) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.publicKeyText = Base64.getUrlEncoder().withoutPadding().encodeToString(P256.encode(publicKey));
        this.subject = subject;
    }

    /**
     * Keys from their base64url texts (the uncompressed public point, the 32-byte private scalar: the
     * form {@code web-push generate-vapid-keys} prints). Throws IllegalArgumentException, never echoing
     * the private key, when either is malformed or they are not one pair.
     */
    public static VapidKeys of(String publicKeyText, String privateKeyText, String subject) {
        ECPublicKey pub;
        ECPrivateKey priv;
        try {
            pub = P256.publicKey(Base64.getUrlDecoder().decode(strip(publicKeyText)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key is not a base64url P-256 point (65 bytes, uncompressed)");
        }
        try {
            priv = P256.privateKey(Base64.getUrlDecoder().decode(strip(privateKeyText)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is not a base64url P-256 private key (32 bytes)");
        }
        if (!samePair(pub, priv)) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        checkSubject(subject);
        return new VapidKeys(pub, priv, subject);
    }

    /** A new key pair as the two lines of the data dir's file: {@code HERALD_VAPID_PUBLIC_KEY=...}, {@code HERALD_VAPID_PRIVATE_KEY=...}. */
    public static String generateText() {
        KeyPair pair = P256.generate();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PUBLIC_KEY + "=" + b64.encodeToString(P256.encode((ECPublicKey) pair.getPublic())) + "\n"
                + PRIVATE_KEY + "=" + b64.encodeToString(P256.encode((ECPrivateKey) pair.getPrivate()));
    }

    /** Keys from the text {@link #generateText()} wrote. */
    public static VapidKeys fromText(String text, String subject) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable key file", e);
        }
        String pub = p.getProperty(PUBLIC_KEY);
        String priv = p.getProperty(PRIVATE_KEY);
        if (pub == null || priv == null) {
            throw new IllegalArgumentException("the key file needs " + PUBLIC_KEY + " and " + PRIVATE_KEY);
        }
        return of(pub, priv, subject);
    }

    /** RFC 8292 §2.1: a {@code mailto:} or {@code https:} URI push services can contact the operator by. */
    public static void checkSubject(String subject) {
        boolean ok = subject != null && subject.length() <= 512 && subject.chars().allMatch(c -> c > 32 && c < 127)
                && (subject.startsWith("mailto:") && subject.length() > 7 || subject.startsWith("https://") && subject.length() > 8);
        if (!ok) {
            throw new IllegalArgumentException("the subject must be a mailto: or https: URI without spaces");
        }
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    ECPrivateKey privateKey() {
        return privateKey;
    }

    /** base64url (no padding) of the uncompressed point: browsers' {@code applicationServerKey}. */
    public String publicKeyText() {
        return publicKeyText;
    }

    public String subject() {
        return subject;
    }

    /** A short, public fingerprint of the public key for logs, so operators can compare nodes. */
    public String fingerprint() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(publicKeyText.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        // Never the private key: this string can reach logs.
        return "VapidKeys[publicKey=" + publicKeyText + ", subject=" + subject + "]";
    }

    /** Whether the keys are one pair: a signature by one verifies with the other. */
    private static boolean samePair(ECPublicKey pub, ECPrivateKey priv) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(priv);
            signer.update(challenge);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String strip(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing");
        }
        // Tolerate padding: some generators print it.
        String t = text.trim();
        while (t.endsWith("=")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
