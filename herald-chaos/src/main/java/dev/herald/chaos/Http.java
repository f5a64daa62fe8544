package dev.herald.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The clients' HTTP calls (publish, inbox, preferences). A paused node answers nothing, so every call
 * has a short timeout: its outcome is then unknown, as it would be for a real client.
 */
final class Http {
    /** A reply, or status -1 when there was none (refused, reset, timed out). */
    record Reply(int status, String body, boolean replayed) {
        Reply(int status, String body) {
            this(status, body, false);
        }

        boolean none() {
            return status < 0;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Reply send(String method, int port, String path, String bearer, String json) {
        return send(method, port, path, bearer, json, Duration.ofSeconds(5));
    }

    Reply send(String method, int port, String path, String bearer, String json, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout).header("Authorization", "Bearer " + bearer);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(),
                    r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false));
        } catch (IOException e) {
            return new Reply(-1, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }
}
