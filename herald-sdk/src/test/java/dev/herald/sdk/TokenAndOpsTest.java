package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Tokens, stats, presence and health against a real hub. */
class TokenAndOpsTest {
    private static TestHub hub;
    private static Herald herald;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
        herald = hub.client();
    }

    @AfterAll
    static void stop() {
        herald.close();
        hub.close();
    }

    @Test
    void mintedTokenOpensAStreamForThatUser() {
        SubscriberToken token = herald.mintToken("tok-user");

        try (SseStream s = SseStream.open(hub.baseUrl(), token.token())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.next("connected", Duration.ofSeconds(5)).data().get("userId").asText()).isEqualTo("tok-user");
        }
        assertThat(token.userId()).isEqualTo("tok-user");
        assertThat(token.expiresAt()).isCloseTo(Instant.now().plusSeconds(3600), within(60, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void tokenLifetimeIsSent() throws Exception {
        SubscriberToken token = herald.mintTokenAsync("tok-ttl", Duration.ofMinutes(5)).get(5, TimeUnit.SECONDS);

        assertThat(token.expiresAt()).isCloseTo(Instant.now().plusSeconds(300), within(30, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(token.toString()).doesNotContain(token.token()).contains("tok-ttl");
    }

    @Test
    void aStreamWithAForgedTokenIsRefused() {
        String forged = herald.mintToken("tok-forged").token() + "x";

        try (SseStream s = SseStream.open(hub.baseUrl(), forged)) {
            assertThat(s.status()).isEqualTo(401);
        }
    }

    @Test
    void presenceFollowsStreams() {
        assertThat(herald.presence("ops-presence").online()).isFalse();

        try (SseStream s = hub.stream(herald, "ops-presence")) {
            assertThat(s.status()).isEqualTo(200);
            Presence p = herald.presence("ops-presence");
            assertThat(p.online()).isTrue();
            assertThat(p.connections()).isEqualTo(1);
            assertThat(p.userId()).isEqualTo("ops-presence");
        }
    }

    @Test
    void presenceOfAUserIdNeedingEncoding() throws Exception {
        String odd = "team a/ü?#%";
        try (SseStream s = hub.stream(herald, odd)) {
            assertThat(s.status()).isEqualTo(200);
            Presence p = herald.presenceAsync(odd).get(5, TimeUnit.SECONDS);
            assertThat(p.userId()).isEqualTo(odd);
            assertThat(p.online()).isTrue();
        }
    }

    @Test
    void statsCountPublishes() {
        long before = herald.stats().published();
        herald.publish(Target.user("ops-stats"), Notification.builder().type("n").title("t").build());

        Stats after = herald.stats();
        assertThat(after.published()).isEqualTo(before + 1);
        assertThat(after.uptimeSeconds()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void healthIsOk() {
        Health h = herald.health();

        assertThat(h.isOk()).isTrue();
        assertThat(h.status()).isEqualTo("ok");
    }
}
