package dev.herald.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.sdk.ScriptedServer.answer;
import static dev.herald.sdk.ScriptedServer.error;
import static dev.herald.sdk.ScriptedServer.forwardTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** What is retried, what is not, and that retries of a publish are the same publish. */
class RetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHub hub;
    private ScriptedServer front;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @AfterEach
    void closeFront() {
        if (front != null) {
            front.close();
        }
    }

    private Herald client(java.net.URI base, int maxRetries) {
        return Herald.builder().baseUrl(base).apiKey(TestHub.API_KEY).timeout(Duration.ofSeconds(5))
                .maxRetries(maxRetries).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    private static Notification note() {
        return Notification.builder().type("retry").title("t").build();
    }

    private static String key(ScriptedServer.Recorded r) {
        try {
            com.fasterxml.jackson.databind.JsonNode key = JSON.readTree(r.body()).get("idempotencyKey");
            assertThat(key).as("idempotencyKey sent").isNotNull();
            assertThat(key.isTextual()).as("idempotencyKey is a string").isTrue();
            return key.asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unavailableTwiceThenAcceptedIsOnePublishUnderOneKey() {
        front = new ScriptedServer().then(error(503, "shutting_down"), error(503, "store_unavailable"),
                forwardTo(hub.baseUrl()));
        try (Herald herald = client(front.baseUrl(), 3); Herald direct = hub.client();
             SseStream s = hub.stream(direct, "retry-user")) {

            PublishResult result = herald.publish(Target.user("retry-user"), note());

            assertThat(front.requests()).hasSize(3);
            assertThat(front.requests()).extracting(RetryTest::key).containsOnly(key(front.requests().get(0)));
            assertThat(key(front.requests().get(0))).isNotBlank();
            assertThat(s.nextNotification().id()).isEqualTo(result.id());
        }
    }

    @Test
    void aCallersKeyIsKeptAcrossRetries() {
        front = new ScriptedServer().then(error(502, "bad_gateway"), forwardTo(hub.baseUrl()));
        try (Herald herald = client(front.baseUrl(), 3)) {
            herald.publish(Target.user("retry-key"), Event.builder().name("e").idempotencyKey("mine-1").build());

            assertThat(front.requests()).extracting(RetryTest::key).containsExactly("mine-1", "mine-1");
        }
    }

    @Test
    void retryAfterAReplyWhoseAnswerWasLostIsReportedAsReplayed() {
        // The hub accepted the first attempt but the answer "got lost" (the proxy said 504): the retry
        // must not publish twice, and the SDK must say so.
        AtomicInteger calls = new AtomicInteger();
        java.util.function.Function<ScriptedServer.Recorded, ScriptedServer.Answer> hubThenLose = r -> {
            ScriptedServer.Answer real = forwardTo(hub.baseUrl()).apply(r);
            return calls.getAndIncrement() == 0 ? new ScriptedServer.Answer(504, "gateway timeout", Map.of()) : real;
        };
        front = new ScriptedServer().then(hubThenLose, hubThenLose);
        try (Herald herald = client(front.baseUrl(), 3)) {
            PublishResult result = herald.publish(Target.user("retry-lost"), note());

            assertThat(front.requests()).hasSize(2);
            assertThat(result.replayed()).isTrue();
        }
    }

    @Test
    void validationErrorsAreNotRetried() {
        front = new ScriptedServer().then(forwardTo(hub.baseUrl()));
        try (Herald herald = client(front.baseUrl(), 3)) {
            HeraldValidationException e = catchThrowableOfType(HeraldValidationException.class,
                    () -> herald.publish(Target.user("u"), Notification.builder().type("bad type").title("t").build()));

            assertThat(e.status()).isEqualTo(422);
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void authErrorsAreNotRetried() {
        front = new ScriptedServer().then(forwardTo(hub.baseUrl()));
        try (Herald herald = Herald.builder().baseUrl(front.baseUrl()).apiKey("wrong-key-0123456789abc")
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            HeraldAuthException e = catchThrowableOfType(HeraldAuthException.class, herald::stats);

            assertThat(e.code()).isEqualTo("invalid_api_key");
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void internalErrorsAreNotRetried() {
        front = new ScriptedServer().then(error(500, "internal_error"));
        try (Herald herald = client(front.baseUrl(), 3)) {
            HeraldException e = catchThrowableOfType(HeraldException.class, herald::stats);

            assertThat(e.code()).isEqualTo("internal_error");
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void rateLimitingIsRetriedThenSurfaced() {
        front = new ScriptedServer().then(error(429, "too_many_connections"));
        try (Herald herald = client(front.baseUrl(), 2)) {
            HeraldRateLimitedException e = catchThrowableOfType(HeraldRateLimitedException.class,
                    () -> herald.mintToken("u"));

            assertThat(e.code()).isEqualTo("too_many_connections");
            assertThat(e.status()).isEqualTo(429);
            assertThat(front.requests()).hasSize(3);
        }
    }

    @Test
    void aRetryNeverGoesOutSoonerThanRetryAfter() {
        front = new ScriptedServer().then(answer(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"m\"}}",
                Map.of("Retry-After", "1")), forwardTo(hub.baseUrl()));
        try (Herald herald = Herald.builder().baseUrl(front.baseUrl()).apiKey(TestHub.API_KEY)
                .retryBackoff(Duration.ofMillis(10), Duration.ofSeconds(5)).build()) {
            herald.stats();

            long gapMillis = (front.requests().get(1).atNanos() - front.requests().get(0).atNanos()) / 1_000_000;
            assertThat(gapMillis).isGreaterThanOrEqualTo(950L); // backoff alone would be ~10 ms
        }
    }

    @Test
    void aRetryAfterBeyondTheMaximumBackoffFailsAtOnceAndSaysWhen() {
        front = new ScriptedServer().then(answer(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"m\"}}",
                Map.of("Retry-After", "30")), forwardTo(hub.baseUrl()));
        try (Herald herald = Herald.builder().baseUrl(front.baseUrl()).apiKey(TestHub.API_KEY)
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(400)).build()) {
            HeraldRateLimitedException e = catchThrowableOfType(HeraldRateLimitedException.class, herald::stats);

            assertThat(e.code()).isEqualTo("rate_limited");
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
            assertThat(front.requests()).as("not retried sooner than the hub asked").hasSize(1);
        }
    }

    @Test
    void aProxyErrorWithoutHeraldBodyGetsAnHttpCode() {
        front = new ScriptedServer().then(answer(502, "<html>Bad Gateway</html>", Map.of()));
        try (Herald herald = client(front.baseUrl(), 0)) {
            HeraldUnavailableException e = catchThrowableOfType(HeraldUnavailableException.class, herald::stats);

            assertThat(e.code()).isEqualTo("http_502");
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("Bad Gateway");
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void closedPortFailsAsUnavailableAfterTheRetries() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Herald herald = client(java.net.URI.create("http://127.0.0.1:" + port), 2)) {
            HeraldUnavailableException e = catchThrowableOfType(HeraldUnavailableException.class,
                    () -> herald.publish(Target.user("u"), note()));

            assertThat(e.code()).isEqualTo("network_error");
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("after 3 attempts");
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void droppedConnectionsAreRetried() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket c = s.accept();
                        accepted.incrementAndGet();
                        c.close(); // hang up without a word
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (Herald herald = client(java.net.URI.create("http://127.0.0.1:" + s.getLocalPort()), 2)) {
                HeraldUnavailableException e = catchThrowableOfType(HeraldUnavailableException.class,
                        () -> herald.publish(Target.user("u"), note()));

                assertThat(e.code()).isEqualTo("network_error");
                assertThat(accepted.get()).isEqualTo(3);
            }
        }
    }

    @Test
    void slowAnswersTimeOutAndAreRetried() {
        front = new ScriptedServer().then(r -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ScriptedServer.Answer(202, "{}", Map.of());
        });
        try (Herald herald = Herald.builder().baseUrl(front.baseUrl()).apiKey(TestHub.API_KEY)
                .timeout(Duration.ofMillis(300)).maxRetries(1)
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            HeraldUnavailableException e = catchThrowableOfType(HeraldUnavailableException.class,
                    () -> herald.publish(Target.user("u"), note()));

            assertThat(e.code()).isEqualTo("timeout");
            assertThat(front.requests()).hasSize(2);
        }
    }

    @Test
    void cancellingStopsTheRetries() throws Exception {
        front = new ScriptedServer().then(error(503, "shutting_down"));
        try (Herald herald = Herald.builder().baseUrl(front.baseUrl()).apiKey(TestHub.API_KEY).maxRetries(5)
                .retryBackoff(Duration.ofMillis(300), Duration.ofMillis(300)).build()) {
            CompletableFuture<PublishResult> f = herald.publishAsync(Target.user("u"), note());
            await().atMost(Duration.ofSeconds(5)).until(() -> front.requests().size() == 1);
            f.cancel(false);

            Thread.sleep(700); // two backoffs' worth: retries would have been sent by now
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void requestsCarryTheExpectedHeadersAndKeepTheBasePath() {
        front = new ScriptedServer().then(forwardTo(hub.baseUrl()));
        // The prefix is stripped by nobody, so the hub would 404; only the recorded request matters here.
        try (Herald herald = client(java.net.URI.create(front.baseUrl() + "/herald"), 0)) {
            catchThrowableOfType(HeraldException.class, () -> herald.publish(Target.user("u"),
                    Notification.builder().type("t").title("t").ttl(Duration.ofMillis(1500)).build()));

            ScriptedServer.Recorded r = front.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/herald/v1/notifications");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestHub.API_KEY);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("Accept")).isEqualTo("application/json");
            assertThat(r.header("User-Agent")).startsWith("herald-java/0.1.0-SNAPSHOT");
            assertThat(r.body()).contains("\"ttlSeconds\":2").contains("\"userId\":\"u\"");
        }
    }

    @Test
    void userIdsAreEncodedAsOnePathSegment() {
        front = new ScriptedServer().then(answer(200, "{\"userId\":\"a/b c\",\"connections\":0,\"online\":false}",
                Map.of()));
        try (Herald herald = client(front.baseUrl(), 0)) {
            Presence p = herald.presence("a/b c");

            assertThat(front.requests().get(0).rawPath()).isEqualTo("/v1/users/a%2Fb%20c/presence");
            assertThat(p.online()).isFalse();
        }
    }

    @Test
    void healthIsProbedOnceAndDrainingIsAnAnswer() {
        front = new ScriptedServer().then(answer(503, "{\"status\":\"draining\",\"connections\":3}", Map.of()));
        try (Herald herald = client(front.baseUrl(), 3)) {
            Health h = herald.health();

            assertThat(h.status()).isEqualTo("draining");
            assertThat(h.isOk()).isFalse();
            assertThat(front.requests()).hasSize(1);
            assertThat(front.requests().get(0).header("Authorization")).isNull();
        }
    }

    @Test
    void aSuccessReplyThatIsNotJsonIsAnInvalidResponse() {
        front = new ScriptedServer().then(answer(202, "accepted!", Map.of()));
        try (Herald herald = client(front.baseUrl(), 3)) {
            HeraldException e = catchThrowableOfType(HeraldException.class,
                    () -> herald.publish(Target.everyone(), note()));

            assertThat(e.code()).isEqualTo("invalid_response");
            assertThat(front.requests()).hasSize(1);
        }
    }

    @Test
    void usersTargetIsSentAsAList() {
        front = new ScriptedServer().then(answer(202, "{\"id\":\"x-1\",\"recipients\":2}", Map.of()));
        try (Herald herald = client(front.baseUrl(), 0)) {
            PublishResult r = herald.publish(Target.users(List.of("a", "b")), note());

            assertThat(front.requests().get(0).body()).contains("\"userIds\":[\"a\",\"b\"]").doesNotContain("broadcast");
            assertThat(r).isEqualTo(new PublishResult("x-1", 2, false));
        }
    }
}
