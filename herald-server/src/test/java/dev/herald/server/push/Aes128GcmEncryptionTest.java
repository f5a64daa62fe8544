package dev.herald.server.push;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Aes128GcmEncryptionTest {
    // RFC 8291 §5 (the values of its Appendix A): keys, salt and the resulting message.
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String MESSAGE = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6"
            + "TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void reproducesTheRfc8291WorkedExampleByteForByte() {
        KeyPair sender = new KeyPair(P256.publicKey(b64(AS_PUBLIC)), P256.privateKey(b64(AS_PRIVATE)));

        byte[] body = Aes128GcmEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH),
                sender, b64(SALT));

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(MESSAGE);
    }

    @Test
    void theUserAgentsKeyOpensAFreshlyEncryptedMessage() throws Exception {
        byte[] plaintext = "ünïcode ✓".getBytes(StandardCharsets.UTF_8);

        byte[] first = Aes128GcmEncryption.encrypt(plaintext, b64(UA_PUBLIC), b64(AUTH));
        byte[] second = Aes128GcmEncryption.encrypt(plaintext, b64(UA_PUBLIC), b64(AUTH));

        assertThat(decrypt(first)).isEqualTo(plaintext);
        // A fresh salt and sender key per message: never the same bytes twice.
        assertThat(Arrays.copyOf(first, 16)).isNotEqualTo(Arrays.copyOf(second, 16));
        assertThat(Arrays.copyOfRange(first, 21, 86)).isNotEqualTo(Arrays.copyOfRange(second, 21, 86));
    }

    @Test
    void theLargestPayloadFillsExactlyFourKilobytes() throws Exception {
        byte[] largest = new byte[Aes128GcmEncryption.MAX_PLAINTEXT_BYTES];
        Arrays.fill(largest, (byte) 'x');

        byte[] body = Aes128GcmEncryption.encrypt(largest, b64(UA_PUBLIC), b64(AUTH));

        assertThat(body).hasSize(4096);
        assertThat(decrypt(body)).isEqualTo(largest);
        assertThatThrownBy(() -> Aes128GcmEncryption.encrypt(new byte[largest.length + 1], b64(UA_PUBLIC), b64(AUTH)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPublicKeyOffTheCurve() {
        byte[] bad = b64(UA_PUBLIC);
        bad[64] ^= 1;

        assertThatThrownBy(() -> Aes128GcmEncryption.encrypt(new byte[1], bad, b64(AUTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on P-256");
    }

    /** The browser's side, written from RFC 8291 §3.4 independently of the encryption code. */
    private static byte[] decrypt(byte[] body) throws Exception {
        byte[] salt = Arrays.copyOf(body, 16);
        byte[] asPublic = Arrays.copyOfRange(body, 21, 21 + body[20]);
        byte[] ciphertext = Arrays.copyOfRange(body, 21 + body[20], body.length);
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(P256.privateKey(b64(UA_PRIVATE)));
        ecdh.doPhase(P256.publicKey(asPublic), true);
        byte[] ikm = hkdf(b64(AUTH), ecdh.generateSecret(),
                concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), b64(UA_PUBLIC), asPublic), 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] record = gcm.doFinal(ciphertext);
        assertThat(record[record.length - 1]).isEqualTo((byte) 2);
        return Arrays.copyOf(record, record.length - 1);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            byte[] next = Arrays.copyOf(out, out.length + p.length);
            System.arraycopy(p, 0, next, out.length, p.length);
            out = next;
        }
        return out;
    }

    private static byte[] b64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
