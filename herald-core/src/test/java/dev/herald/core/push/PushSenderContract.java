package dev.herald.core.push;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PushSender} promises (see its contract), checked against a real push service that
 * decrypts each message with the subscription's private key and verifies its VAPID signature. An
 * implementation's test extends this, says how to make a sender and which service it reaches.
 */
public abstract class PushSenderContract {
    /** RFC 8291: the plaintext that fits one 4096-byte message (86 header, 1 delimiter, 16 tag). */
    public static final int MAX_PAYLOAD_BYTES = 3993;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A push service the test can script and read, as the browser's side sees it. */
    public interface PushService {
        /** A new browser subscription (fresh keys and auth secret) for the user. */
        PushSubscription newSubscription(String userId);

        /** A subscription whose endpoint nothing listens on. */
        PushSubscription unreachableSubscription(String userId);

        /** The next {@code times} messages to this subscription get this answer instead of 201. */
        void answer(PushSubscription to, int status, Map<String, String> headers, int times);

        /** Waits until n messages arrived (decrypted and verified) for the subscription, and returns them. */
        List<Delivered> awaitDelivered(PushSubscription to, int n, Duration timeout);

        /** Messages that did not decrypt or whose VAPID authorization did not verify. */
        List<String> failures();
    }

    /** One message as the service received it: the decrypted payload and the headers. */
    public record Delivered(byte[] plaintext, String ttl, String urgency, String topic) {}

    private final List<PushSender> made = new ArrayList<>();

    /** A new sender reaching {@link #service()}. */
    protected abstract PushSender create();

    protected abstract PushService service();

    protected PushSender sender() {
        PushSender s = create();
        made.add(s);
        return s;
    }

    @AfterEach
    void closeAllAndCheckTheServiceSawNoBadMessage() {
        made.forEach(PushSender::close);
        assertThat(service().failures()).as("messages the push service could not decrypt or verify").isEmpty();
    }

    private static PushMessage message(String text) {
        return new PushMessage(text.getBytes(StandardCharsets.UTF_8), 60, PushUrgency.NORMAL, null);
    }

    private static PushOutcome await(CompletableFuture<PushOutcome> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the send did not complete normally", e);
        }
    }

    @Test
    void theServiceDecryptsTheExactPayloadWithTheHeadersAsked() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("alice");
        String json = "{\"id\":\"n1\",\"title\":\"Hello ✓\",\"body\":\"ünïcode\"}";

        PushOutcome outcome = await(sender.send(to, new PushMessage(json.getBytes(StandardCharsets.UTF_8), 3600,
                PushUrgency.HIGH, "comments-post-42")));

        assertThat(outcome.result()).isEqualTo(PushOutcome.Result.SENT);
        assertThat(outcome.status()).isBetween(200, 299);
        Delivered got = service().awaitDelivered(to, 1, WAIT).get(0);
        assertThat(new String(got.plaintext(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(got.ttl()).isEqualTo("3600");
        assertThat(got.urgency()).isEqualTo("high");
        assertThat(got.topic()).isEqualTo("comments-post-42");
    }

    @Test
    void everyUrgencyIsSentAsItsHeaderAndNoTopicMeansNoTopicHeader() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("bob");
        for (PushUrgency u : PushUrgency.values()) {
            PushMessage m = new PushMessage(u.name().getBytes(StandardCharsets.UTF_8), 0, u, null);
            assertThat(await(sender.send(to, m)).result()).isEqualTo(PushOutcome.Result.SENT);
        }
        List<Delivered> got = service().awaitDelivered(to, PushUrgency.values().length, WAIT);
        assertThat(got).extracting(Delivered::urgency).containsExactlyInAnyOrder("very-low", "low", "normal", "high");
        assertThat(got).extracting(Delivered::topic).containsOnlyNulls();
        assertThat(got).extracting(Delivered::ttl).containsOnly("0");
    }

    @Test
    void aPayloadOfTheMaximumSizeArrivesWhole() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("carol");
        byte[] largest = new byte[MAX_PAYLOAD_BYTES];
        Arrays.fill(largest, (byte) 'z');

        assertThat(await(sender.send(to, new PushMessage(largest, 60, PushUrgency.LOW, null))).result())
                .isEqualTo(PushOutcome.Result.SENT);

        assertThat(service().awaitDelivered(to, 1, WAIT).get(0).plaintext()).isEqualTo(largest);
    }

    @Test
    void goneSubscriptionsAreGone() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("dave");
        service().answer(to, 410, Map.of(), 1);
        service().answer(to, 404, Map.of(), 1);

        PushOutcome first = await(sender.send(to, message("a")));
        PushOutcome second = await(sender.send(to, message("b")));

        assertThat(first).isEqualTo(new PushOutcome(PushOutcome.Result.GONE, 410, -1));
        assertThat(second).isEqualTo(new PushOutcome(PushOutcome.Result.GONE, 404, -1));
    }

    @Test
    void tooManyRequestsIsRetryAfterTheSecondsTheServiceAsks() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("erin");
        service().answer(to, 429, Map.of("Retry-After", "7"), 1);

        assertThat(await(sender.send(to, message("a")))).isEqualTo(new PushOutcome(PushOutcome.Result.RETRY, 429, 7000));
        // The answer was for one message only: the next one goes through.
        assertThat(await(sender.send(to, message("b"))).result()).isEqualTo(PushOutcome.Result.SENT);
        assertThat(service().awaitDelivered(to, 1, WAIT)).extracting(d -> new String(d.plaintext(), StandardCharsets.UTF_8))
                .containsExactly("b");
    }

    @Test
    void serverErrorsAreRetryWithoutADelayUnlessTheServiceGivesOne() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("frank");
        service().answer(to, 503, Map.of(), 1);
        service().answer(to, 500, Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), 1);

        assertThat(await(sender.send(to, message("a")))).isEqualTo(new PushOutcome(PushOutcome.Result.RETRY, 503, -1));
        // A date already past means: now.
        assertThat(await(sender.send(to, message("b")))).isEqualTo(new PushOutcome(PushOutcome.Result.RETRY, 500, 0));
    }

    @Test
    void otherRefusalsAreRejected() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("gina");
        service().answer(to, 400, Map.of(), 1);
        service().answer(to, 413, Map.of(), 1);

        assertThat(await(sender.send(to, message("a")))).isEqualTo(new PushOutcome(PushOutcome.Result.REJECTED, 400, -1));
        assertThat(await(sender.send(to, message("b")))).isEqualTo(new PushOutcome(PushOutcome.Result.REJECTED, 413, -1));
    }

    @Test
    void anUnreachableServiceIsRetryWithStatusZeroNeverAFailedFuture() {
        PushSender sender = sender();

        PushOutcome outcome = await(sender.send(service().unreachableSubscription("hank"), message("a")));

        assertThat(outcome).isEqualTo(new PushOutcome(PushOutcome.Result.RETRY, 0, -1));
    }

    @Test
    void manyConcurrentSendsAllArrive() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("iris");
        List<CompletableFuture<PushOutcome>> sends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sends.add(sender.send(to, message("m" + i)));
        }

        sends.forEach(f -> assertThat(await(f).result()).isEqualTo(PushOutcome.Result.SENT));
        assertThat(service().awaitDelivered(to, 50, WAIT)).extracting(d -> new String(d.plaintext(), StandardCharsets.UTF_8))
                .hasSize(50).doesNotHaveDuplicates().allMatch(s -> s.startsWith("m"));
    }

    @Test
    void theVapidPublicKeyIsAnUncompressedP256PointInBase64Url() {
        String key = sender().vapidPublicKey();

        assertThat(key).matches("[A-Za-z0-9_-]{87}");
        byte[] point = Base64.getUrlDecoder().decode(key);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
    }

    @Test
    void closingTwiceIsFineAndSendsAfterCloseAreRetry() {
        PushSender sender = sender();
        PushSubscription to = service().newSubscription("jack");

        sender.close();
        sender.close();

        assertThat(await(sender.send(to, message("late")))).isEqualTo(new PushOutcome(PushOutcome.Result.RETRY, 0, -1));
    }
}
