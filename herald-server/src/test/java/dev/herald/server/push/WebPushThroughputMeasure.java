package dev.herald.server.push;

import dev.herald.core.push.PushMessage;
import dev.herald.core.push.PushOutcome;
import dev.herald.core.push.PushSubscription;
import dev.herald.core.push.PushUrgency;
import dev.herald.server.support.PushServiceDouble;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes per second from {@link WebPushSender} to the local push-service double on one machine
 * (docs/performance.md): a realistic 1 KB payload to 100 subscriptions, at most 256 in flight, and the
 * encryption alone on one thread. The double decrypts and verifies every message on the same cores,
 * so the figure is a floor for the sender. Prints the figures and asserts only that every message
 * arrived: a timing never fails a build. Opt in with {@code -Dherald.measure=true}.
 */
class WebPushThroughputMeasure {
    private static final int SUBSCRIBERS = 100;
    private static final int WARMUP = 1_000;
    private static final int MEASURED = 10_000;
    private static final int IN_FLIGHT = 256;

    @Test
    void pushesPerSecondToTheLocalDouble() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"), "a measurement: run with -Dherald.measure=true");
        byte[] payload = ("{\"id\":\"n\",\"title\":\"t\",\"body\":\"" + "x".repeat(1000) + "\"}").getBytes();
        try (PushServiceDouble service = PushServiceDouble.start();
             WebPushSender sender = new WebPushSender(WebPushSenderTest.KEYS)) {
            List<PushServiceDouble.Subscriber> subscribers = new ArrayList<>();
            List<PushSubscription> subscriptions = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                PushServiceDouble.Subscriber s = service.subscriber();
                subscribers.add(s);
                subscriptions.add(new PushSubscription("u" + i, s.endpoint(), s.p256dh(), s.auth(), 0));
            }
            PushMessage message = new PushMessage(payload, 60, PushUrgency.NORMAL, null);
            run(sender, subscriptions, message, WARMUP);
            long t0 = System.nanoTime();
            run(sender, subscriptions, message, MEASURED);
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (PushServiceDouble.Subscriber s : subscribers) {
                service.awaitMessages(s, (WARMUP + MEASURED) / SUBSCRIBERS, Duration.ofSeconds(30));
            }
            assertThat(service.failures()).isEmpty();

            Base64.Decoder d = Base64.getUrlDecoder();
            byte[] ua = d.decode(subscriptions.get(0).p256dh());
            byte[] auth = d.decode(subscriptions.get(0).auth());
            for (int i = 0; i < 2_000; i++) {
                Aes128GcmEncryption.encrypt(payload, ua, auth);
            }
            long e0 = System.nanoTime();
            int encryptions = 5_000;
            for (int i = 0; i < encryptions; i++) {
                Aes128GcmEncryption.encrypt(payload, ua, auth);
            }
            double encryptSeconds = (System.nanoTime() - e0) / 1e9;
            System.out.printf("MEASURE web push: %d pushes of %d bytes to %d subscriptions, %d in flight: %.0f pushes/s;"
                            + " encryption alone, one thread: %.0f/s (%.0f us each); %d cores%n",
                    MEASURED, payload.length, SUBSCRIBERS, IN_FLIGHT, MEASURED / seconds, encryptions / encryptSeconds,
                    encryptSeconds * 1e6 / encryptions, Runtime.getRuntime().availableProcessors());
        }
    }

    private static void run(WebPushSender sender, List<PushSubscription> to, PushMessage message, int n) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<PushOutcome>> sends = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            window.acquire();
            CompletableFuture<PushOutcome> f = sender.send(to.get(i % to.size()), message);
            f.whenComplete((o, e) -> window.release());
            sends.add(f);
        }
        for (CompletableFuture<PushOutcome> f : sends) {
            assertThat(f.join().result()).isEqualTo(PushOutcome.Result.SENT);
        }
    }
}
