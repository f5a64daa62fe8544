package dev.herald.server.push;

import dev.herald.server.support.PushServiceDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The double refuses what a real push service or browser would: it can make the sender's tests fail. */
class PushServiceDoubleTest {
    private final PushServiceDouble service = PushServiceDouble.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void aSignatureByAnotherKeyThanKIsRefused() throws Exception {
        PushServiceDouble.Subscriber s = service.subscriber();
        VapidKeys other = VapidKeys.fromText(VapidKeys.generateText(), "mailto:x@example.com");
        String header = new VapidAuthorization(other, System::currentTimeMillis).header(URI.create(s.endpoint()))
                .replace(other.publicKeyText(), WebPushSenderTest.KEYS.publicKeyText());

        assertThat(post(s, header, encryptedFor(s))).isEqualTo(401);
        assertThat(service.failures()).hasSize(1).first().asString().contains("does not verify");
    }

    @Test
    void anAudienceOtherThanTheEndpointsOriginIsRefused() throws Exception {
        PushServiceDouble.Subscriber s = service.subscriber();
        String header = authorization(URI.create("https://push.example.com/x"));

        assertThat(post(s, header, encryptedFor(s))).isEqualTo(403);
        assertThat(service.failures()).hasSize(1).first().asString().contains("aud");
    }

    @Test
    void anExpiryMoreThanADayAheadIsRefused() throws Exception {
        PushServiceDouble.Subscriber s = service.subscriber();
        long twoDaysOn = System.currentTimeMillis() + 48L * 3600 * 1000;
        String header = new VapidAuthorization(WebPushSenderTest.KEYS, () -> twoDaysOn).header(URI.create(s.endpoint()));

        assertThat(post(s, header, encryptedFor(s))).isEqualTo(403);
        assertThat(service.failures()).hasSize(1).first().asString().contains("exp");
    }

    @Test
    void aBodyForAnotherSubscriptionOrNotEncryptedIsRefused() throws Exception {
        PushServiceDouble.Subscriber s = service.subscriber();
        PushServiceDouble.Subscriber someoneElse = service.subscriber();
        String header = authorization(URI.create(s.endpoint()));

        assertThat(post(s, header, encryptedFor(someoneElse))).isEqualTo(400);
        assertThat(post(s, header, new byte[200])).isEqualTo(400);
        assertThat(service.failures()).hasSize(2);
        assertThat(service.received(s)).isEmpty();
    }

    @Test
    void aWellFormedMessageIsAccepted() throws Exception {
        PushServiceDouble.Subscriber s = service.subscriber();

        assertThat(post(s, authorization(URI.create(s.endpoint())), encryptedFor(s))).isEqualTo(201);
        assertThat(service.received(s)).extracting(PushServiceDouble.Received::text).containsExactly("hello");
        assertThat(service.failures()).isEmpty();
    }

    private static String authorization(URI endpoint) {
        return new VapidAuthorization(WebPushSenderTest.KEYS, System::currentTimeMillis).header(endpoint);
    }

    private static byte[] encryptedFor(PushServiceDouble.Subscriber s) {
        Base64.Decoder d = Base64.getUrlDecoder();
        return Aes128GcmEncryption.encrypt("hello".getBytes(), d.decode(s.p256dh()), d.decode(s.auth()));
    }

    private int post(PushServiceDouble.Subscriber s, String authorization, byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.endpoint()))
                .header("Authorization", authorization).header("Content-Encoding", "aes128gcm").header("TTL", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
