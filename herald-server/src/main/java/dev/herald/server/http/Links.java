package dev.herald.server.http;

import dev.herald.server.auth.Utf16;

/** The rule for every link a notification carries ({@code actionUrl}, each action's {@code url}). */
final class Links {
    static final int MAX_LENGTH = 2048;

    private Links() {
    }

    /** The link itself if it is one a browser can follow safely; otherwise a 422 naming {@code field}. */
    static String checked(String url, String field) {
        if (url.length() > MAX_LENGTH) {
            throw Invalid.field(field + " must be at most " + MAX_LENGTH + " characters");
        }
        boolean absolute = url.startsWith("https://") || url.startsWith("http://");
        boolean relative = url.startsWith("/") && !url.startsWith("//");
        // Only links a browser can follow safely: never javascript:, data: or protocol-relative URLs;
        // no spaces and no control characters (C1 too: a browser may drop them and change the link).
        if (!(absolute || relative) || url.chars().anyMatch(c -> c == ' ' || Utf16.isControl((char) c))) {
            throw Invalid.field(field + " must be an http(s) URL or a path starting with /, without spaces");
        }
        return url;
    }
}
