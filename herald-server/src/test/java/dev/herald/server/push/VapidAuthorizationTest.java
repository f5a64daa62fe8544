package dev.herald.server.push;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class VapidAuthorizationTest {
    @Test
    void theAudienceIsTheEndpointsOriginWithANonDefaultPortOnly() {
        assertThat(VapidAuthorization.origin(URI.create("https://fcm.googleapis.com/fcm/send/abc"))).isEqualTo("https://fcm.googleapis.com");
        assertThat(VapidAuthorization.origin(URI.create("https://Push.Example.com:443/x"))).isEqualTo("https://push.example.com");
        assertThat(VapidAuthorization.origin(URI.create("https://push.example.com:8443/x"))).isEqualTo("https://push.example.com:8443");
        assertThat(VapidAuthorization.origin(URI.create("http://127.0.0.1:9000/push/1"))).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void aTokenIsReusedPerOriginUntilAnHourBeforeItExpires() throws Exception {
        AtomicLong now = new AtomicLong(1_800_000_000_000L);
        VapidAuthorization vapid = new VapidAuthorization(WebPushSenderTest.KEYS, now::get);
        URI a = URI.create("https://a.example/1");

        String first = vapid.header(a);
        assertThat(vapid.header(URI.create("https://a.example/2"))).isEqualTo(first);
        assertThat(vapid.header(URI.create("https://b.example/1"))).isNotEqualTo(first);
        SignedJWT jwt = SignedJWT.parse(first.substring("vapid t=".length(), first.indexOf(',')));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() / 1000)
                .isEqualTo(now.get() / 1000 + VapidAuthorization.LIFETIME_SECONDS);
        assertThat(first).endsWith(", k=" + WebPushSenderTest.KEYS.publicKeyText());

        now.addAndGet((VapidAuthorization.LIFETIME_SECONDS - 3601) * 1000);
        assertThat(vapid.header(a)).as("still over an hour left").isEqualTo(first);
        now.addAndGet(2000);
        assertThat(vapid.header(a)).as("under an hour left: a new token").isNotEqualTo(first);
    }
}
