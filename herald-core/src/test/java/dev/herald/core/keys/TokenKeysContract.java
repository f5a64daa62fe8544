package dev.herald.core.keys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link TokenKeys} promises (see its contract). An implementation's test extends this and
 * says how to run a {@link KeyServer} for it and how to make one over that server.
 */
public abstract class TokenKeysContract {
    /** Longer than any test: no second interval begins while one runs. */
    private static final Duration LONG = Duration.ofMinutes(2);

    private final List<TokenKeys> made = new ArrayList<>();
    protected KeyServer server;

    /** A server the implementation can fetch from; it serves nothing until told. */
    protected abstract KeyServer startServer();

    /** A new instance over the server, rate-limited to two fetches per {@code refreshInterval}. */
    protected abstract TokenKeys create(KeyServer server, Duration refreshInterval);

    /** How long a fetch from a source that fails may take at most before it throws. */
    protected Duration failsWithin() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void startKeyServer() {
        server = startServer();
    }

    @AfterEach
    void closeAll() {
        made.forEach(TokenKeys::close);
        server.close();
    }

    protected TokenKeys keys(Duration refreshInterval) {
        TokenKeys k = create(server, refreshInterval);
        made.add(k);
        return k;
    }

    protected static VerificationKey rsa(String kid) {
        return new VerificationKey(kid, publicKey("RSA", null), "RS256", "sig");
    }

    protected static VerificationKey ec(String kid) {
        return new VerificationKey(kid, publicKey("EC", "secp256r1"), null, null);
    }

    protected static VerificationKey ed25519(String kid) {
        return new VerificationKey(kid, publicKey("Ed25519", null), null, "sig");
    }

    private static PublicKey publicKey(String type, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (type.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair().getPublic();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCached(TokenKeys keys, String kid) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !keys.cached(kid).isEmpty());
    }

    @Test
    void aKnownKeyIsAnsweredFromTheCacheWithoutAnotherFetch() {
        VerificationKey k1 = rsa("k1");
        VerificationKey k2 = ed25519("k2");
        server.serve(List.of(k1, k2));
        TokenKeys keys = keys(LONG);
        assertThat(keys.fetch("k1")).singleElement().satisfies(k -> {
            assertThat(k.key()).isEqualTo(k1.key());
            assertThat(k.algorithm()).isEqualTo("RS256");
            assertThat(k.use()).isEqualTo("sig");
        });
        int fetched = server.fetches();
        assertThat(fetched).isBetween(1, 2);
        for (int i = 0; i < 20; i++) {
            assertThat(keys.cached("k1")).singleElement().extracting(VerificationKey::key).isEqualTo(k1.key());
            assertThat(keys.fetch("k2")).singleElement().extracting(VerificationKey::key).isEqualTo(k2.key());
        }
        assertThat(keys.cached(null)).extracting(VerificationKey::keyId).containsExactlyInAnyOrder("k1", "k2");
        assertThat(server.fetches()).isEqualTo(fetched);
    }

    @Test
    void anUnknownKeyIdFetchesOnceMoreAndFindsTheRotatedKey() {
        VerificationKey k1 = rsa("k1");
        server.serve(List.of(k1));
        TokenKeys keys = keys(LONG);
        awaitCached(keys, "k1");
        int fetched = server.fetches();
        VerificationKey k2 = ec("k2");
        server.serve(List.of(k1, k2));
        assertThat(keys.cached("k2")).isEmpty();
        assertThat(keys.fetch("k2")).singleElement().extracting(VerificationKey::key).isEqualTo(k2.key());
        assertThat(server.fetches()).isEqualTo(fetched + 1);
        assertThat(keys.cached("k2")).singleElement().extracting(VerificationKey::key).isEqualTo(k2.key());
    }

    @Test
    void aStormOfUnknownKeyIdsFetchesAtMostTwicePerInterval() throws Exception {
        server.serve(List.of(rsa("k1")));
        TokenKeys keys = keys(LONG);
        awaitCached(keys, "k1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<VerificationKey>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String kid = "unknown-" + i;
                answers.add(pool.submit(() -> keys.fetch(kid)));
            }
            for (Future<List<VerificationKey>> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.fetches()).as("fetches within one interval, the first load included").isBetween(1, 2);
        assertThat(keys.cached("k1")).hasSize(1);
    }

    @Test
    void onceTheIntervalHasPassedAnUnknownKeyIdFetchesAgain() {
        server.serve(List.of(rsa("k1")));
        TokenKeys keys = keys(Duration.ofMillis(200));
        awaitCached(keys, "k1");
        for (int i = 0; i < 5; i++) {
            assertThat(keys.fetch("not-yet-" + i)).isEmpty();
        }
        VerificationKey k2 = ec("k2");
        server.serve(List.of(k2));
        await().atMost(Duration.ofSeconds(20)).until(() -> !keys.fetch("k2").isEmpty());
        assertThat(keys.cached("k2")).singleElement().extracting(VerificationKey::key).isEqualTo(k2.key());
    }

    @Test
    void aSilentSourceFailsFastWithAClearFailure() {
        server.goSilent();
        assertFailsFast(keys(LONG));
    }

    @Test
    void aSourceAnsweringAnErrorFailsWithAClearFailure() {
        server.answerError();
        assertFailsFast(keys(LONG));
    }

    @Test
    void aSourceAnsweringGarbageFailsWithAClearFailure() {
        server.answerGarbage();
        assertFailsFast(keys(LONG));
    }

    private void assertFailsFast(TokenKeys keys) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> keys.fetch("k1")).isInstanceOf(KeysUnavailableException.class)
                .hasMessageNotContaining("null");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(failsWithin());
        assertThat(keys.cached("k1")).isEmpty();
    }

    @Test
    void cachedKeysStayUsableWhileTheSourceFails() {
        VerificationKey k1 = rsa("k1");
        server.serve(List.of(k1));
        TokenKeys keys = keys(LONG);
        awaitCached(keys, "k1");
        server.answerError();
        assertThatThrownBy(() -> keys.fetch("k2")).isInstanceOf(KeysUnavailableException.class);
        assertThat(keys.cached("k1")).singleElement().extracting(VerificationKey::key).isEqualTo(k1.key());
        assertThat(keys.fetch("k1")).hasSize(1);
    }

    @Test
    void aSourceDownAtStartIsTriedAgainInTheBackground() {
        server.answerError();
        TokenKeys keys = keys(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.fetches() >= 1);
        VerificationKey k1 = rsa("k1");
        server.serve(List.of(k1));
        awaitCached(keys, "k1");
        assertThat(keys.cached("k1")).singleElement().extracting(VerificationKey::key).isEqualTo(k1.key());
    }

    @Test
    void closingTwiceIsFineAndAClosedSourceFetchesNothing() {
        server.serve(List.of(rsa("k1")));
        TokenKeys keys = keys(LONG);
        awaitCached(keys, "k1");
        keys.close();
        keys.close();
        int fetched = server.fetches();
        assertThatThrownBy(() -> keys.fetch("k2")).isInstanceOf(KeysUnavailableException.class);
        assertThat(server.fetches()).isEqualTo(fetched);
    }
}
