package dev.herald.sdk;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** A response as the client needs it: status, headers and the body as text (always small JSON). */
record Reply(int status, HttpHeaders headers, String body) {
    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
