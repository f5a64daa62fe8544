package dev.herald.server.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Compact JWS text built by hand, so a test can write any header, payload and signature it likes. */
final class TokenText {
    private TokenText() {
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code header.payload}, the text a JWS signs. */
    static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    /** HMAC-SHA256 of the signing input with {@code key}, written with the JDK alone (not the code under test). */
    static String hs256(String signingInput, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short string of any chars, or of one of a few that matter to JSON and names. */
    static String text(FuzzedDataProvider in, int max) {
        return in.consumeBoolean() ? in.consumeString(max) : in.pickValue(new String[]{"", " ", "u1", ".", "..",
            "\u0000", "\u007f", "\u0085", "\uD800", "\uD83D\uDE00", "a".repeat(256), "a".repeat(257)});
    }

    /** Text for a test report: what is not printable ASCII as a \\uXXXX escape. */
    static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.toString();
    }
}
