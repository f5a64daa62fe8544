package dev.herald.server.auth;

/**
 * The one check that a string is well-formed UTF-16 text: every surrogate is half of a pair. A lone
 * surrogate (JSON lets a body write one as {@code "\ud800"}) is no character at all: UTF-8 cannot
 * encode it, so a store would write {@code ?} instead, and {@code "z\ud800"} would become the user
 * {@code z?}. Every string that enters the hub passes this check first.
 */
public final class Utf16 {
    private Utf16() {
    }

    public static boolean isWellFormed(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A control character: C0 (U+0000..U+001F), DEL and C1 (U+007F..U+009F), Unicode's category Cc.
     * None of them belongs in a name or a link.
     */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
