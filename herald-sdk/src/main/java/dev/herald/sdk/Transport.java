package dev.herald.sdk;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends {@link Call}s to the hub with java.net.http, retrying the retryable ones. Fully
 * asynchronous: waits between attempts are scheduled with {@link CompletableFuture#delayedExecutor},
 * so no thread sleeps, the caller's least of all.
 *
 * <p>The future returned by {@link #send} completes with the final reply, whatever its status (the
 * caller decides what a status means), or fails with a {@link HeraldUnavailableException} when no
 * reply came. It is completed directly, never through a dependent stage, so the failure reaches
 * callers unwrapped.
 */
final class Transport {
    private static final System.Logger LOG = System.getLogger("dev.herald.sdk");

    private final HttpClient client;
    private final boolean ownsClient;
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final String userAgent;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param base the hub's base URL; its path must end with {@code /} */
    Transport(HttpClient client, boolean ownsClient, URI base, String apiKey, Duration timeout, RetryPolicy retry) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.base = base;
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
        this.retry = retry;
        this.userAgent = "herald-java/" + SdkVersion.VALUE + " (Java " + Runtime.version().feature() + ")";
    }

    CompletableFuture<Reply> send(Call call) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new IllegalStateException("this Herald client is closed"));
            return result;
        }
        HttpRequest request;
        try {
            request = request(call);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        attempt(call, request, 0, result);
        return result;
    }

    /** One attempt; on a retryable outcome schedules the next. {@code retries} counts those made so far. */
    private void attempt(Call call, HttpRequest request, int retries, CompletableFuture<Reply> result) {
        if (result.isDone()) {
            return; // cancelled by the caller while we waited
        }
        if (closed.get()) {
            result.completeExceptionally(new IllegalStateException("this Herald client was closed"));
            return;
        }
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        sent.whenComplete((response, error) -> {
            try {
                onOutcome(call, request, retries, result, response, error);
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // never leave the caller waiting on a lost exception
            }
        });
    }

    private void onOutcome(Call call, HttpRequest request, int retries, CompletableFuture<Reply> result,
                           HttpResponse<String> response, Throwable error) {
        Throwable failure = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (failure != null && !(failure instanceof IOException)) {
            result.completeExceptionally(failure); // not the network: a bug or a misuse, don't retry
            return;
        }
        Reply reply = response == null ? null
                : new Reply(response.statusCode(), response.headers(), response.body());
        boolean retryable = failure != null || retry.isRetryableStatus(reply.status());
        long retryAfter = reply == null ? -1 : retryAfterMillis(reply);
        // Never sooner than the hub asked; a wait beyond the maximum backoff is the caller's to make.
        boolean waitTooLong = retryAfter > retry.maxBackoff().toMillis();
        if (!call.retryable() || !retryable || waitTooLong || retries >= retry.maxRetries()) {
            if (failure != null) {
                result.completeExceptionally(
                        Failures.transport(failure, call.method(), request.uri(), retries + 1));
            } else {
                result.complete(reply);
            }
            return;
        }
        long delay = retry.delayMillis(retries, retryAfter);
        LOG.log(Level.DEBUG, () -> call.method() + " " + request.uri() + " failed ("
                + (failure != null ? failure.toString() : "HTTP " + reply.status()) + "); retry "
                + (retries + 1) + "/" + retry.maxRetries() + " in " + delay + " ms");
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
        later.execute(() -> attempt(call, request, retries + 1, result));
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(call.path()))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if ("http".equalsIgnoreCase(base.getScheme())) {
            // The hub speaks HTTP/1.1 in cleartext; skip the h2c upgrade attempt on every request.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        if (call.authenticated()) {
            b.header("Authorization", authorization);
        }
        if (call.body() != null) {
            b.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** {@code Retry-After} in delta-seconds; the HTTP-date form is rare for APIs and is ignored. */
    static long retryAfterMillis(Reply reply) {
        return reply.header("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Long.parseLong(v) * 1000).orElse(-1L);
    }

    /**
     * Stops new calls and pending retries. On Java 21+, where HttpClient can be closed, a client the
     * SDK created is closed too (letting requests already on the wire finish); a client passed in by
     * the application stays the application's to close.
     */
    void close() {
        if (!closed.compareAndSet(false, true) || !ownsClient) {
            return;
        }
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing the HttpClient failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Herald[" + base + "]"; // never the key
    }
}
