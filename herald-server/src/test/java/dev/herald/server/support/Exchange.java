package dev.herald.server.support;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request and its reply as a test saw them, for {@link OpenApiContract}. Header names are
 * case-insensitive; a header's first value counts. {@code responseBody} is null when the reply's
 * body was not read as text (a stream).
 */
public record Exchange(String method, String rawPath, String rawQuery, Map<String, String> requestHeaders,
                       String requestBody, int status, Map<String, String> responseHeaders, String responseBody) {

    public static Exchange of(HttpRequest request, String requestBody, int status, HttpHeaders responseHeaders,
                              String responseBody) {
        URI uri = request.uri();
        return new Exchange(request.method(), uri.getRawPath(), uri.getRawQuery(), firstValues(request.headers()),
                requestBody, status, firstValues(responseHeaders), responseBody);
    }

    public Optional<String> requestHeader(String name) {
        return Optional.ofNullable(requestHeaders.get(name));
    }

    public Optional<String> responseHeader(String name) {
        return Optional.ofNullable(responseHeaders.get(name));
    }

    /** {@code GET /v1/stats?x=1 -> 200}, for messages. */
    public String describe() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + clip(rawQuery)) + " -> " + status;
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.put(name, values.get(0));
            }
        });
        return out;
    }
}
