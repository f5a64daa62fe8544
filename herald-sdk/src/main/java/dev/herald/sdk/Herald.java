package dev.herald.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A client for publishing to a Herald hub. Build one per hub with {@link #builder()}, share it (it
 * is thread-safe) and close it when the application stops.
 *
 * <pre>{@code
 * try (Herald herald = Herald.builder().baseUrl("https://hub.example.com").apiKey(key).build()) {
 *     herald.publish(Target.user("u42"), Notification.builder().type("order.shipped").title("Shipped!").build());
 * }
 * }</pre>
 *
 * <p>Every call comes in two forms. The {@code ...Async} form never blocks: its future completes
 * with the result or fails with a {@link HeraldException} (given to {@code whenComplete}/
 * {@code handle} on that future as is, not wrapped). The blocking form waits for the same future and
 * throws the {@link HeraldException} itself. Arguments that can never be valid (null, empty user id)
 * are rejected at once with {@link NullPointerException} or {@link IllegalArgumentException}.
 *
 * <p>Retries: transport failures, timeouts and 429/502/503/504 replies are retried with exponential
 * backoff and jitter, up to {@link Builder#maxRetries(int)} times, and never sooner than the hub's
 * {@code Retry-After} (see {@link HeraldException#retryAfter()}). Publishes are safe to retry because
 * each carries an idempotency key (the notification's own, or one generated per call and kept across
 * its retries), so the hub delivers them at most once. Validation and authentication failures are
 * never retried.
 */
public interface Herald extends AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /** Publishes a notification; the result says whom it addressed and whether it was a replay. */
    CompletableFuture<PublishResult> publishAsync(Target target, Notification notification);

    /** Publishes a custom SSE event; {@link PublishResult#recipients()} is not reported for events. */
    CompletableFuture<PublishResult> publishAsync(Target target, Event event);

    /**
     * Publishes several notifications in one request ({@code POST /v1/notifications/batch}), all or
     * nothing: if one is invalid, none is published and the future fails with a
     * {@link HeraldValidationException} whose message names it, e.g. {@code notifications[3]: title
     * is required}. The results are in the order given; the new ones take consecutive ids in that
     * order. The hub takes 1..1000 notifications and a request of at most 1 MiB. Each notification
     * keeps its own idempotency key (one is generated for each that has none, kept across retries),
     * so {@link PublishResult#replayed()} is reported per notification.
     *
     * @throws IllegalArgumentException if {@code notifications} is empty
     */
    CompletableFuture<List<PublishResult>> publishAllAsync(List<Addressed> notifications);

    /**
     * Edits a published notification ({@code PATCH /v1/notifications/{id}}): the fields the update
     * sets replace the notification's, the others stay. Every recipient's streams get a
     * {@code notification.updated} event and their inboxes show the new version. The future
     * completes with the whole new notification as the hub returns it (the JSON of a
     * {@code notification} event, as plain maps, lists and values). Fails with
     * {@link HeraldException} status 404 for an unknown, expired or retracted notification, and with
     * {@link HeraldValidationException} for a field that breaks a publish rule. Retrying is safe: the
     * same edit again gives the same version.
     */
    CompletableFuture<Map<String, Object>> updateAsync(String notificationId, NotificationUpdate update);

    /**
     * Retracts a published notification ({@code DELETE /v1/notifications/{id}}): it leaves every
     * recipient's inbox and their streams get {@code notification.deleted} with
     * {@code "retracted": true}. Retracting it again succeeds and sends nothing. Fails with
     * {@link HeraldException} status 404 for an unknown or expired notification.
     */
    CompletableFuture<Void> retractAsync(String notificationId);

    /** Mints a subscriber token with the hub's default lifetime (one hour). */
    CompletableFuture<SubscriberToken> mintTokenAsync(String userId);

    /** Mints a subscriber token valid for {@code ttl} (whole seconds, rounded up; the hub allows up to 30 days). */
    CompletableFuture<SubscriberToken> mintTokenAsync(String userId, Duration ttl);

    CompletableFuture<Stats> statsAsync();

    CompletableFuture<Presence> presenceAsync(String userId);

    /**
     * Probes {@code /health} once, without retries, so the answer describes the hub right now. A
     * draining hub is an answer ({@code status "draining"}), not a failure.
     */
    CompletableFuture<Health> healthAsync();

    default PublishResult publish(Target target, Notification notification) {
        return Blocking.await(publishAsync(target, notification));
    }

    default PublishResult publish(Target target, Event event) {
        return Blocking.await(publishAsync(target, event));
    }

    default List<PublishResult> publishAll(List<Addressed> notifications) {
        return Blocking.await(publishAllAsync(notifications));
    }

    default Map<String, Object> update(String notificationId, NotificationUpdate update) {
        return Blocking.await(updateAsync(notificationId, update));
    }

    default void retract(String notificationId) {
        Blocking.await(retractAsync(notificationId));
    }

    default SubscriberToken mintToken(String userId) {
        return Blocking.await(mintTokenAsync(userId));
    }

    default SubscriberToken mintToken(String userId, Duration ttl) {
        return Blocking.await(mintTokenAsync(userId, ttl));
    }

    default Stats stats() {
        return Blocking.await(statsAsync());
    }

    default Presence presence(String userId) {
        return Blocking.await(presenceAsync(userId));
    }

    default Health health() {
        return Blocking.await(healthAsync());
    }

    /**
     * Stops the client: later calls and pending retries fail with {@link IllegalStateException}.
     * Idempotent. A {@link HttpClient} passed to the builder is left open.
     */
    @Override
    void close();

    /** Configures a {@link Herald} client. Only {@link #baseUrl} and {@link #apiKey} are required. */
    final class Builder {
        private URI baseUrl;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private HttpClient httpClient;

        private Builder() {
        }

        /** The hub's address, e.g. {@code https://hub.example.com} or {@code https://example.com/herald/}. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            try {
                return baseUrl(URI.create(baseUrl));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URI: " + baseUrl, e);
            }
        }

        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, got " + baseUrl);
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment, got " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** The publisher API key, sent as {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                // Never echo the key: it is a secret and this message may be logged.
                throw new IllegalArgumentException("apiKey must be printable ASCII without spaces");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** How long one attempt may take, connecting included. Default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Attempts after the first for retryable failures; 0 disables retries. Default 3. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The wait before the first retry, doubling each time up to {@code max}; each wait is
         * randomised between half and all of that. Defaults 200 ms and 5 s.
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            positive(initial, "initial backoff");
            positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff must be >= initial backoff");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * An HttpClient to use instead of the SDK's own, e.g. for a proxy, TLS settings or an executor.
         * It stays yours: {@link Herald#close()} does not close it. Redirects should stay disabled (the
         * default), or the API key may follow a redirect to another host.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** @throws IllegalStateException if the base URL or the API key is missing */
        public Herald build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            if (apiKey == null) {
                throw new IllegalStateException("apiKey is required");
            }
            boolean owns = httpClient == null;
            HttpClient client = owns
                    ? HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build()
                    : httpClient;
            // Calls use relative paths ("v1/..."), so a base path such as /herald must end in "/" to be kept.
            String path = baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() ? "/" : baseUrl.getRawPath();
            URI base = baseUrl.resolve(path.endsWith("/") ? path : path + "/");
            return new HttpHerald(new Transport(client, owns, base, apiKey, timeout,
                    new RetryPolicy(maxRetries, initialBackoff, maxBackoff)));
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
