package dev.herald.server.push;

import dev.herald.core.push.PushMessage;
import dev.herald.core.push.PushOutcome;
import dev.herald.core.push.PushSender;
import dev.herald.core.push.PushSubscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The {@link PushSender} over the JDK's HTTP client. Encryption and signing run on the sender's own
 * small pool, never on the caller's thread (which may be an event loop); the request is asynchronous.
 * Redirects are never followed: a push service does not redirect, and following one would let a
 * subscription's endpoint send the hub's requests anywhere.
 */
public final class WebPushSender implements PushSender {
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final PushOutcome CLOSED = new PushOutcome(PushOutcome.Result.RETRY, 0, -1);
    private static final PushOutcome NETWORK_ERROR = new PushOutcome(PushOutcome.Result.RETRY, 0, -1);
    private static final PushOutcome UNSENDABLE = new PushOutcome(PushOutcome.Result.REJECTED, 0, -1);

    private final VapidKeys keys;
    private final VapidAuthorization vapid;
    private final LongSupplier clockMillis;
    private final HttpClient http;
    private final ExecutorService crypto;
    private final Set<CompletableFuture<PushOutcome>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public WebPushSender(VapidKeys keys) {
        this(keys, System::currentTimeMillis);
    }

    WebPushSender(VapidKeys keys, LongSupplier clockMillis) {
        this.keys = keys;
        this.clockMillis = clockMillis;
        this.vapid = new VapidAuthorization(keys, clockMillis);
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.crypto = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "herald-push-crypto-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<PushOutcome> send(PushSubscription to, PushMessage message) {
        CompletableFuture<PushOutcome> result = new CompletableFuture<>();
        if (closed.get()) {
            result.complete(CLOSED);
            return result;
        }
        pending.add(result);
        result.whenComplete((o, e) -> pending.remove(result));
        try {
            crypto.execute(() -> {
                HttpRequest request;
                try {
                    request = request(to, message);
                } catch (RuntimeException unsendable) {
                    // A malformed subscription or an oversized payload: sending it again cannot help.
                    result.complete(UNSENDABLE);
                    return;
                }
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                        result.complete(error != null ? NETWORK_ERROR : outcome(response)));
            });
        } catch (RejectedExecutionException closing) {
            result.complete(CLOSED);
        }
        if (closed.get()) {
            // close() ran meanwhile and may have missed this future.
            result.complete(CLOSED);
        }
        return result;
    }

    private HttpRequest request(PushSubscription to, PushMessage message) {
        URI endpoint = URI.create(to.endpoint());
        Base64.Decoder b64 = Base64.getUrlDecoder();
        byte[] body = Aes128GcmEncryption.encrypt(message.payload(), b64.decode(to.p256dh()), b64.decode(to.auth()));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("TTL", Integer.toString(Math.max(0, message.ttlSeconds())))
                .header("Urgency", message.urgency().header())
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", vapid.header(endpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (message.topic() != null) {
            if (!TOPIC.matcher(message.topic()).matches()) {
                throw new IllegalArgumentException("a Topic is 1..32 base64url characters");
            }
            b.header("Topic", message.topic());
        }
        return b.build();
    }

    private PushOutcome outcome(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new PushOutcome(PushOutcome.Result.SENT, status, -1);
        }
        if (status == 404 || status == 410) {
            return new PushOutcome(PushOutcome.Result.GONE, status, -1);
        }
        if (status == 429 || status >= 500) {
            long wait = RetryAfter.millis(response.headers().firstValue("Retry-After").orElse(null), clockMillis.getAsLong());
            return new PushOutcome(PushOutcome.Result.RETRY, status, wait);
        }
        return new PushOutcome(PushOutcome.Result.REJECTED, status, -1);
    }

    @Override
    public String vapidPublicKey() {
        return keys.publicKeyText();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        crypto.shutdownNow();
        // Requests in flight may still reach the push service; their callers learn RETRY now rather
        // than waiting on a client that is going away. At-least-once: a retry may duplicate one.
        for (CompletableFuture<PushOutcome> f : pending) {
            f.complete(CLOSED);
        }
    }
}
