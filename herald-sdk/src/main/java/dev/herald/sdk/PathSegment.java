package dev.herald.sdk;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes one URL path segment (RFC 3986). Not {@link java.net.URLEncoder}: that is for
 * form bodies and turns spaces into {@code +}, which a path would read literally. Everything but
 * the unreserved characters is encoded, so a user id with {@code /}, {@code ?} or {@code #} stays
 * one segment.
 */
final class PathSegment {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    static String encode(String segment) {
        // "." and ".." would be read as "this" and "parent" directories and vanish from the path.
        boolean dotsOnly = segment.chars().allMatch(c -> c == '.');
        StringBuilder sb = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '~' || c == '.' && !dotsOnly) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }
}
