package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hub's refusals, surfaced as typed exceptions with its codes. */
class ErrorsTest {
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
    void invalidTypeIsAValidationError() {
        HeraldValidationException e = catchThrowableOfType(HeraldValidationException.class,
                () -> herald.publish(Target.user("err-u"), Notification.builder().type("bad type").title("t").build()));

        assertThat(e.code()).isEqualTo("validation_failed");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.getMessage()).contains("type");
    }

    @Test
    void reservedEventNameIsAValidationError() {
        assertThatThrownBy(() -> herald.publish(Target.everyone(), Event.builder().name("notification").build()))
                .isInstanceOfSatisfying(HeraldValidationException.class,
                        e -> assertThat(e.code()).isEqualTo("validation_failed"));
    }

    @Test
    void unsafeActionUrlIsAValidationError() {
        assertThatThrownBy(() -> herald.publish(Target.user("err-u"),
                Notification.builder().type("t").title("t").actionUrl("javascript:alert(1)").build()))
                .isInstanceOfSatisfying(HeraldValidationException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void tokenLifetimeAboveTheHubsLimitIsAValidationError() {
        assertThatThrownBy(() -> herald.mintToken("err-u", Duration.ofDays(31)))
                .isInstanceOfSatisfying(HeraldValidationException.class,
                        e -> assertThat(e.getMessage()).contains("ttlSeconds"));
    }

    @Test
    void wrongApiKeyIsAnAuthError() {
        try (Herald wrong = hub.clientBuilder().apiKey("not-the-key-0123456789").build()) {
            HeraldAuthException e = catchThrowableOfType(HeraldAuthException.class,
                    () -> wrong.publish(Target.user("err-u"), Notification.builder().type("t").title("t").build()));

            assertThat(e.code()).isEqualTo("invalid_api_key");
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).doesNotContain("not-the-key");
        }
    }

    @Test
    void wrongApiKeyOnReadsToo() {
        try (Herald wrong = hub.clientBuilder().apiKey("not-the-key-0123456789").build()) {
            assertThatThrownBy(wrong::stats).isInstanceOf(HeraldAuthException.class);
        }
    }

    @Test
    void asyncFailureReachesHandlersUnwrapped() throws Exception {
        CompletableFuture<PublishResult> f = herald.publishAsync(Target.user("err-u"),
                Notification.builder().type("bad type").title("t").build());

        Throwable seen = f.handle((r, e) -> e).get(5, TimeUnit.SECONDS);
        assertThat(seen).isInstanceOf(HeraldValidationException.class);
    }

    @Test
    void unknownResourceIsNotFound() {
        // A base URL with a wrong prefix: the hub answers 404 in its own format.
        try (Herald lost = Herald.builder().baseUrl(hub.baseUrl() + "/nowhere").apiKey(TestHub.API_KEY).build()) {
            HeraldException e = catchThrowableOfType(HeraldException.class, lost::stats);
            assertThat(e.code()).isEqualTo("not_found");
            assertThat(e.status()).isEqualTo(404);
        }
    }

    @Test
    void closedClientRefusesCalls() {
        Herald c = hub.client();
        c.close();
        c.close(); // idempotent

        assertThatThrownBy(c::stats).isInstanceOf(IllegalStateException.class);
    }
}
