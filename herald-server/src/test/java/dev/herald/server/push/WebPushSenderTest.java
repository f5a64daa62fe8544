package dev.herald.server.push;

import dev.herald.core.push.PushMessage;
import dev.herald.core.push.PushOutcome;
import dev.herald.core.push.PushSender;
import dev.herald.core.push.PushSenderContract;
import dev.herald.core.push.PushSubscription;
import dev.herald.core.push.PushUrgency;
import dev.herald.server.support.PushServiceDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The real sender against the push-service double: the contract, then what is particular to it. */
class WebPushSenderTest extends PushSenderContract {
    static final VapidKeys KEYS = VapidKeys.fromText(VapidKeys.generateText(), "mailto:ops@example.com");
    private static PushServiceDouble double_;
    private static final Map<String, PushServiceDouble.Subscriber> BY_ENDPOINT = new ConcurrentHashMap<>();

    @BeforeAll
    static void startService() {
        double_ = PushServiceDouble.start();
    }

    @AfterAll
    static void stopService() {
        double_.close();
        double_.close();
    }

    @Override
    protected PushSender create() {
        return new WebPushSender(KEYS);
    }

    @Override
    protected PushService service() {
        return new PushService() {
            @Override
            public PushSubscription newSubscription(String userId) {
                PushServiceDouble.Subscriber s = double_.subscriber();
                BY_ENDPOINT.put(s.endpoint(), s);
                return new PushSubscription(userId, s.endpoint(), s.p256dh(), s.auth(), System.currentTimeMillis());
            }

            @Override
            public PushSubscription unreachableSubscription(String userId) {
                PushServiceDouble.Subscriber s = double_.subscriber();
                return new PushSubscription(userId, "http://127.0.0.1:" + closedPort() + "/push/x", s.p256dh(), s.auth(), 0);
            }

            @Override
            public void answer(PushSubscription to, int status, Map<String, String> headers, int times) {
                double_.respond(BY_ENDPOINT.get(to.endpoint()), status, headers, times);
            }

            @Override
            public List<Delivered> awaitDelivered(PushSubscription to, int n, Duration timeout) {
                return double_.awaitMessages(BY_ENDPOINT.get(to.endpoint()), n, timeout).stream()
                        .map(r -> new Delivered(r.plaintext(), r.ttl(), r.urgency(), r.topic())).toList();
            }

            @Override
            public List<String> failures() {
                return double_.failures();
            }
        };
    }

    @Test
    void theVapidSubjectReachesTheService() {
        PushSender sender = sender();
        PushServiceDouble.Subscriber s = double_.subscriber();

        sender.send(subscription(s), message("hi")).join();

        assertThat(double_.awaitMessages(s, 1, Duration.ofSeconds(20)).get(0).subject()).isEqualTo("mailto:ops@example.com");
        assertThat(sender.vapidPublicKey()).isEqualTo(KEYS.publicKeyText());
    }

    @Test
    void whatCannotBeSentIsRejectedWithoutARequest() {
        PushSender sender = sender();
        PushServiceDouble.Subscriber s = double_.subscriber();
        PushSubscription good = subscription(s);
        PushSubscription offCurve = new PushSubscription("u", s.endpoint(), s.p256dh().substring(0, 80) + "AAAAAAA", s.auth(), 0);
        PushSubscription badAuth = new PushSubscription("u", s.endpoint(), s.p256dh(), "!!", 0);
        PushOutcome unsendable = new PushOutcome(PushOutcome.Result.REJECTED, 0, -1);

        assertThat(sender.send(good, new PushMessage(new byte[MAX_PAYLOAD_BYTES + 1], 60, PushUrgency.NORMAL, null)).join())
                .isEqualTo(unsendable);
        assertThat(sender.send(good, new PushMessage(new byte[1], 60, PushUrgency.NORMAL, "not a topic")).join())
                .isEqualTo(unsendable);
        assertThat(sender.send(offCurve, message("x")).join()).isEqualTo(unsendable);
        assertThat(sender.send(badAuth, message("x")).join()).isEqualTo(unsendable);
        assertThat(double_.received(s)).isEmpty();
    }

    @Test
    void theLargestPayloadIsTheEncryptionsLimit() {
        assertThat(Aes128GcmEncryption.MAX_PLAINTEXT_BYTES).isEqualTo(MAX_PAYLOAD_BYTES);
    }

    static PushSubscription subscription(PushServiceDouble.Subscriber s) {
        return new PushSubscription("user", s.endpoint(), s.p256dh(), s.auth(), 0);
    }

    static PushMessage message(String text) {
        return new PushMessage(text.getBytes(StandardCharsets.UTF_8), 60, PushUrgency.NORMAL, null);
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
