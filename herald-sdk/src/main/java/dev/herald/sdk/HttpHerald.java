package dev.herald.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The {@link Herald} client over HTTP: builds each call, sends it, reads the reply. */
final class HttpHerald implements Herald {
    private final Transport transport;

    HttpHerald(Transport transport) {
        this.transport = transport;
    }

    @Override
    public CompletableFuture<PublishResult> publishAsync(Target target, Notification notification) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(notification, "notification");
        // One key per publish call, kept across its retries: that is what makes retrying a POST safe.
        String key = notification.idempotencyKey().orElseGet(HttpHerald::newKey);
        return call(Call.post("v1/notifications", Wire.notification(target, notification, key)),
                Wire::publishResult);
    }

    @Override
    public CompletableFuture<PublishResult> publishAsync(Target target, Event event) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(event, "event");
        String key = event.idempotencyKey().orElseGet(HttpHerald::newKey);
        return call(Call.post("v1/events", Wire.event(target, event, key)), Wire::publishResult);
    }

    @Override
    public CompletableFuture<List<PublishResult>> publishAllAsync(List<Addressed> notifications) {
        Objects.requireNonNull(notifications, "notifications");
        List<Addressed> batch = List.copyOf(notifications); // also refuses null elements
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("notifications must not be empty");
        }
        // A key per element, not per call: elements sharing a key would be published once.
        List<String> keys = new ArrayList<>(batch.size());
        for (Addressed a : batch) {
            keys.add(a.notification().idempotencyKey().orElseGet(HttpHerald::newKey));
        }
        return call(Call.post("v1/notifications/batch", BatchWire.notifications(batch, keys)),
                reply -> BatchWire.results(reply, batch.size()));
    }

    @Override
    public CompletableFuture<Map<String, Object>> updateAsync(String notificationId, NotificationUpdate update) {
        requireId(notificationId);
        Objects.requireNonNull(update, "update");
        return call(new Call("PATCH", notificationPath(notificationId), Wire.update(update), true, true),
                Wire::notificationMap);
    }

    @Override
    public CompletableFuture<Void> retractAsync(String notificationId) {
        requireId(notificationId);
        // Retracting twice is a 204 both times, so a retry is safe.
        return call(new Call("DELETE", notificationPath(notificationId), null, true, true), reply -> null);
    }

    private static String notificationPath(String notificationId) {
        return "v1/notifications/" + PathSegment.encode(notificationId);
    }

    private static void requireId(String notificationId) {
        Objects.requireNonNull(notificationId, "notificationId");
        if (notificationId.isEmpty()) {
            throw new IllegalArgumentException("notificationId must not be empty");
        }
    }

    @Override
    public CompletableFuture<SubscriberToken> mintTokenAsync(String userId) {
        return mint(userId, null);
    }

    @Override
    public CompletableFuture<SubscriberToken> mintTokenAsync(String userId, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        return mint(userId, ttl);
    }

    private CompletableFuture<SubscriberToken> mint(String userId, Duration ttl) {
        requireUserId(userId);
        return call(Call.post("v1/tokens", Wire.tokenRequest(userId, ttl)), Wire::token);
    }

    @Override
    public CompletableFuture<Stats> statsAsync() {
        return call(Call.get("v1/stats"), Wire::stats);
    }

    @Override
    public CompletableFuture<Presence> presenceAsync(String userId) {
        requireUserId(userId);
        return call(Call.get("v1/users/" + PathSegment.encode(userId) + "/presence"), Wire::presence);
    }

    @Override
    public CompletableFuture<Health> healthAsync() {
        CompletableFuture<Health> out = new CompletableFuture<>();
        CompletableFuture<Reply> sent = transport.send(Call.probe("health"));
        propagateCancel(out, sent);
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                out.completeExceptionally(error);
                return;
            }
            // A draining hub answers 503 with its ordinary health body: that is an answer, not a failure.
            boolean healthBody = reply.isSuccess() || Wire.tryParse(reply.body()).path("status").isTextual();
            complete(out, reply, healthBody ? Wire::health : null);
        });
        return out;
    }

    /** Sends the call and decodes a 2xx reply; anything else fails the future with the typed exception. */
    private <T> CompletableFuture<T> call(Call call, Function<Reply, T> decode) {
        CompletableFuture<T> out = new CompletableFuture<>();
        CompletableFuture<Reply> sent = transport.send(call);
        propagateCancel(out, sent);
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                out.completeExceptionally(error);
            } else {
                complete(out, reply, reply.isSuccess() ? decode : null);
            }
        });
        return out;
    }

    /** Completes {@code out} directly (not via a dependent stage) so callers see the exception unwrapped. */
    private static <T> void complete(CompletableFuture<T> out, Reply reply, Function<Reply, T> decode) {
        try {
            if (decode == null) {
                out.completeExceptionally(Failures.fromReply(reply));
            } else {
                out.complete(decode.apply(reply));
            }
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
    }

    /** Cancelling what the caller holds stops the pending retries as well. */
    private static void propagateCancel(CompletableFuture<?> out, CompletableFuture<Reply> sent) {
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                sent.cancel(false);
            }
        });
    }

    private static String newKey() {
        return "sdk-" + UUID.randomUUID();
    }

    private static void requireUserId(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
