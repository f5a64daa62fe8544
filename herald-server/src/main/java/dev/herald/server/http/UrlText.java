package dev.herald.server.http;

import dev.herald.server.auth.UserIds;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw path or query string spells text. Vert.x decodes {@code %ED%A0%80} (a surrogate,
 * which UTF-8 cannot carry) or {@code %FF} into U+FFFD, so two different URLs would name one user;
 * the parameters that name a user are checked here before they are decoded and refused otherwise.
 */
final class UrlText {
    private UrlText() {
    }

    /**
     * A user id named in the URL (a path segment or {@code ?user=}): {@code decoded} as Vert.x gave
     * it, {@code raw} the undecoded path or query it came from. A 400 unless it is a valid user id
     * and the URL spelled it in UTF-8.
     */
    static String userId(String decoded, String raw, String name) {
        if (!isUtf8(raw) || !UserIds.isValid(decoded)) {
            throw Invalid.request(name + " must be 1..256 characters of text without control characters");
        }
        return decoded;
    }

    /** True when the bytes that {@code raw}'s characters and %-escapes spell are well-formed UTF-8. */
    static boolean isUtf8(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return true;
        }
        byte[] chars = raw.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[chars.length];
        int n = 0;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '%' && i + 2 < chars.length
                    && Character.digit(chars[i + 1], 16) >= 0 && Character.digit(chars[i + 2], 16) >= 0) {
                bytes[n++] = (byte) (Character.digit(chars[i + 1], 16) * 16 + Character.digit(chars[i + 2], 16));
                i += 2;
            } else {
                bytes[n++] = chars[i];
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
