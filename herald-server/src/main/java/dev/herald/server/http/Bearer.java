package dev.herald.server.http;

import io.vertx.core.http.HttpServerRequest;

/** Reads {@code Authorization: Bearer <credential>}; null when absent or another scheme. */
final class Bearer {
    private Bearer() {
    }

    static String from(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String credential = header.substring(7).trim();
        return credential.isEmpty() ? null : credential;
    }
}
