package dev.herald.server.config;

import dev.herald.core.limit.Rate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private HeraldConfig load(Map<String, String> env, String... args) {
        return new ConfigLoader().load(args, env);
    }

    private String[] withDataDir(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    @Test
    void thePostgresUrlSelectsPostgresAndABadOneIsRejectedWithoutEchoingIt() {
        assertThat(load(Map.of(), withDataDir()).postgresUrl()).isNull();
        assertThat(load(Map.of("HERALD_POSTGRES_URL", ""), withDataDir()).postgresUrl()).isNull();
        HeraldConfig pg = load(Map.of("HERALD_POSTGRES_URL", "postgresql://herald:s3cret-pw@db.internal:5432/herald"),
                withDataDir());
        assertThat(pg.postgresUrl()).isEqualTo("postgresql://herald:s3cret-pw@db.internal:5432/herald");
        assertThat(pg.toString()).contains("store=postgres").doesNotContain("s3cret-pw");
        assertThat(load(Map.of(), withDataDir("--postgres-url", "jdbc:postgresql://127.0.0.1/test")).postgresUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1/test");

        assertThatThrownBy(() -> load(Map.of("HERALD_POSTGRES_URL", "mysql://root:s3cret-pw@host/db"), withDataDir()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_POSTGRES_URL")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void clusterModeNeedsPostgresAndSharedSecretsAndSaysSo() {
        Map<String, String> cluster = new java.util.HashMap<>(Map.of("HERALD_REDIS_URL", "redis://:r3dis-pw@cache.internal:6379/0",
                "HERALD_POSTGRES_URL", "postgresql://herald@db.internal/herald",
                "HERALD_JWT_SECRET", "x".repeat(32), "HERALD_API_KEYS", "key-one-0123456789"));
        cluster.putAll(dev.herald.server.support.TestVapid.env());
        HeraldConfig c = load(cluster, withDataDir("--node-id", "eu-1.a"));
        assertThat(c.clustered()).isTrue();
        assertThat(c.nodeId()).isEqualTo("eu-1.a");
        assertThat(c.toString()).contains("cluster=true").doesNotContain("r3dis-pw");
        assertThat(load(Map.of(), withDataDir()).clustered()).isFalse();

        Map<String, String> noPostgres = new java.util.HashMap<>(cluster);
        noPostgres.remove("HERALD_POSTGRES_URL");
        assertThatThrownBy(() -> load(noPostgres, withDataDir())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_REDIS_URL").hasMessageContaining("needs HERALD_POSTGRES_URL");
        for (String secret : java.util.List.of("HERALD_JWT_SECRET", "HERALD_API_KEYS", "HERALD_VAPID_PUBLIC_KEY",
                "HERALD_VAPID_PRIVATE_KEY", "HERALD_VAPID_SUBJECT")) {
            Map<String, String> missing = new java.util.HashMap<>(cluster);
            missing.remove(secret);
            assertThatThrownBy(() -> load(missing, withDataDir())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("needs " + secret + ", the same on every node");
        }
        Map<String, String> badUrl = new java.util.HashMap<>(cluster);
        badUrl.put("HERALD_REDIS_URL", "http://:r3dis-pw@cache.internal:6379");
        assertThatThrownBy(() -> load(badUrl, withDataDir())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_REDIS_URL").hasMessageContaining("redis://")
                .hasMessageNotContaining("r3dis-pw");
    }

    @Test
    void rateLimitsHaveGenerousDefaultsCanBeTurnedOffAndABadOneIsNamed() {
        HeraldConfig defaults = load(Map.of(), withDataDir());
        assertThat(defaults.rates().publish()).isEqualTo(Rate.parse("2000/s,burst=10000"));
        assertThat(defaults.rates().subscriberWrites()).isEqualTo(Rate.parse("20/s,burst=40"));
        HeraldConfig off = load(Map.of("HERALD_PUBLISH_RATE", "off"), withDataDir("--subscriber-write-rate", "5/m"));
        assertThat(off.rates().publish()).isNull();
        assertThat(off.rates().subscriberWrites()).isEqualTo(new Rate(5, Duration.ofMinutes(1), 5));
        assertThatThrownBy(() -> load(Map.of("HERALD_PUBLISH_RATE", "lots"), withDataDir()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_PUBLISH_RATE")
                .hasMessageContaining("2000/s");
    }

    @Test
    void theNodeIdIsGeneratedOrChecked() {
        String generated = load(Map.of(), withDataDir()).nodeId();
        assertThat(generated).matches("node-[a-z0-9]{6}");
        assertThat(load(Map.of(), withDataDir()).nodeId()).isNotEqualTo(generated);
        assertInvalid(Map.of("HERALD_NODE_ID", "has space"), "HERALD_NODE_ID");
        assertInvalid(Map.of("HERALD_NODE_ID", "x".repeat(65)), "HERALD_NODE_ID");
    }

    @Test
    void aDataDirectoryTheHubCreatesIsOwnerOnly() throws Exception {
        Path fresh = dir.resolve("new-data");
        load(Map.of(), "--data-dir", fresh.toString());
        assertThat(Files.getPosixFilePermissions(fresh))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void zeroConfigDefaultsGenerateAndKeepSecrets() {
        HeraldConfig a = load(Map.of(), withDataDir());
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(8080);
        assertThat(a.heartbeatMs()).isEqualTo(25_000);
        assertThat(a.maxConnectionsPerUser()).isEqualTo(5);
        assertThat(a.corsOrigins()).isEmpty();
        assertThat(a.notificationTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(a.eventRetention()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.jwtSecretGenerated()).isTrue();
        assertThat(a.apiKeysGenerated()).isTrue();
        assertThat(a.jwtSecret().length).isGreaterThanOrEqualTo(32);
        assertThat(a.apiKeys()).singleElement().asString().startsWith("hk_");
        HeraldConfig b = load(Map.of(), withDataDir());
        assertThat(b.jwtSecret()).isEqualTo(a.jwtSecret());
        assertThat(b.apiKeys()).isEqualTo(a.apiKeys());
        assertThat(Files.exists(dir.resolve("jwt-secret"))).isTrue();
    }

    @Test
    void devModeIsOnOnlyForTheZeroConfigHubOrWhenAskedFor() {
        assertThat(load(Map.of(), withDataDir()).devMode()).as("zero-config").isTrue();
        assertThat(load(Map.of("HERALD_API_KEYS", "key-one-0123456789"), withDataDir()).devMode())
                .as("keys configured, secret generated").isFalse();
        assertThat(load(Map.of("HERALD_JWT_SECRET", "x".repeat(32)), withDataDir()).devMode())
                .as("secret configured, key generated").isFalse();
        assertThat(load(Map.of("HERALD_DEV_MODE", "false"), withDataDir()).devMode()).as("zero-config, off").isFalse();
        assertThat(load(Map.of("HERALD_API_KEYS", "key-one-0123456789", "HERALD_JWT_SECRET", "x".repeat(32)),
                withDataDir("--dev-mode", "TRUE")).devMode()).as("configured, asked for").isTrue();
        assertInvalid(Map.of("HERALD_DEV_MODE", "yes"), "HERALD_DEV_MODE");
    }

    @Test
    void devModeIsRefusedInClusterMode() {
        Map<String, String> cluster = new java.util.HashMap<>(Map.of("HERALD_REDIS_URL", "redis://cache.internal:6379",
                "HERALD_POSTGRES_URL", "postgresql://herald@db.internal/herald",
                "HERALD_JWT_SECRET", "x".repeat(32), "HERALD_API_KEYS", "key-one-0123456789"));
        cluster.putAll(dev.herald.server.support.TestVapid.env());
        assertThat(load(cluster, withDataDir()).devMode()).isFalse();
        Map<String, String> withDevMode = new java.util.HashMap<>(cluster);
        withDevMode.put("HERALD_DEV_MODE", "true");
        assertThatThrownBy(() -> load(withDevMode, withDataDir())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration: HERALD_DEV_MODE").hasMessageContaining("cluster mode");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "HERALD_PORT=7001\nHERALD_HEARTBEAT_MS=1000\nHERALD_MAX_CONNECTIONS_PER_USER=9\n",
                StandardCharsets.UTF_8);
        HeraldConfig c = load(Map.of("HERALD_PORT", "7002", "HERALD_HEARTBEAT_MS", "2000", "HERALD_CONFIG", file.toString()),
                withDataDir("--port", "7003"));
        assertThat(c.port()).isEqualTo(7003);
        assertThat(c.heartbeatMs()).isEqualTo(2000);
        assertThat(c.maxConnectionsPerUser()).isEqualTo(9);
        assertThat(c.retryMs()).isEqualTo(2000);
    }

    @Test
    void configuredSecretsAndKeysAreUsedAsGiven() {
        HeraldConfig c = load(Map.of("HERALD_JWT_SECRET", "x".repeat(32), "HERALD_API_KEYS", "key-one-0123456789, key-two-0123456789"),
                withDataDir("--cors-origins=https://a.example,http://localhost:3000"));
        assertThat(c.jwtSecretGenerated()).isFalse();
        assertThat(c.apiKeys()).containsExactly("key-one-0123456789", "key-two-0123456789");
        assertThat(c.corsOrigins()).containsExactly("https://a.example", "http://localhost:3000");
        assertThat(c.toString()).doesNotContain("key-one").doesNotContain("xxxx");
        assertThat(Files.exists(dir.resolve("jwt-secret"))).isFalse();
    }

    @Test
    void pushEndpointsMayBeHttpOnlyForTheListedHosts() {
        assertThat(load(Map.of(), withDataDir()).pushAllowedHttpHosts()).isEmpty();
        HeraldConfig c = load(Map.of("HERALD_PUSH_ALLOWED_HTTP_HOSTS", "127.0.0.1:8443, Push.Local"), withDataDir());
        assertThat(c.pushAllowedHttpHosts()).containsExactly("127.0.0.1:8443", "push.local");
    }

    @Test
    void pushLeaseDefaultsToAMinuteAndMustBePositive() {
        assertThat(load(Map.of(), withDataDir()).pushLeaseSeconds()).isEqualTo(60);
        assertThat(load(Map.of("HERALD_PUSH_LEASE_SECONDS", "2"), withDataDir()).pushLeaseSeconds()).isEqualTo(2);
        assertThat(load(Map.of(), withDataDir("--push-lease-seconds", "300")).pushLeaseSeconds()).isEqualTo(300);
        assertInvalid(Map.of("HERALD_PUSH_LEASE_SECONDS", "0"), "HERALD_PUSH_LEASE_SECONDS");
        assertInvalid(Map.of("HERALD_PUSH_LEASE_SECONDS", "-5"), "HERALD_PUSH_LEASE_SECONDS");
        assertInvalid(Map.of("HERALD_PUSH_LEASE_SECONDS", "1m"), "HERALD_PUSH_LEASE_SECONDS");
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertInvalid(Map.of("HERALD_JWT_SECRET", "too-short"), "HERALD_JWT_SECRET");
        assertInvalid(Map.of("HERALD_PORT", "70000"), "HERALD_PORT");
        assertInvalid(Map.of("HERALD_PORT", "eighty"), "HERALD_PORT");
        assertInvalid(Map.of("HERALD_HEARTBEAT_MS", "5"), "HERALD_HEARTBEAT_MS");
        assertInvalid(Map.of("HERALD_MAX_CONNECTIONS_PER_USER", "0"), "HERALD_MAX_CONNECTIONS_PER_USER");
        assertInvalid(Map.of("HERALD_CORS_ORIGINS", "*,https://a.example"), "HERALD_CORS_ORIGINS");
        assertInvalid(Map.of("HERALD_CORS_ORIGINS", "not a url"), "HERALD_CORS_ORIGINS");
        assertInvalid(Map.of("HERALD_API_KEYS", "short"), "HERALD_API_KEYS");
        assertInvalid(Map.of("HERALD_PUSH_ALLOWED_HTTP_HOSTS", "http://127.0.0.1:8080"), "HERALD_PUSH_ALLOWED_HTTP_HOSTS");
        assertInvalid(Map.of("HERALD_EVENT_RETENTION", "5 minutes"), "HERALD_EVENT_RETENTION");
        assertThatThrownBy(() -> load(Map.of(), withDataDir("--prot", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown flag --prot");
        assertThatThrownBy(() -> load(Map.of(), withDataDir("--port")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--port needs a value");
    }

    @Test
    void anIdentityProvidersKeySetIsOptionalAndChecked() {
        assertThat(load(Map.of(), withDataDir()).jwks()).isNull();
        HeraldConfig c = load(Map.of("HERALD_JWT_JWKS_URL", "https://tenant.example.auth0.com/.well-known/jwks.json",
                "HERALD_JWT_ISSUER", "https://tenant.example.auth0.com/"), withDataDir("--jwt-audience", "https://api.example"));
        assertThat(c.jwks().url().toString()).isEqualTo("https://tenant.example.auth0.com/.well-known/jwks.json");
        assertThat(c.jwks().issuer()).isEqualTo("https://tenant.example.auth0.com/");
        assertThat(c.jwks().audience()).isEqualTo("https://api.example");
        assertThat(c.jwks().userClaim()).isEqualTo("sub");
        assertThat(c.jwks().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jwks().fetchedInTheClear()).isFalse();
        assertThat(c.toString()).contains("jwks=https://tenant.example.auth0.com/.well-known/jwks.json");
        assertThat(load(Map.of("HERALD_JWT_JWKS_URL", "http://keycloak:8080/realms/app/protocol/openid-connect/certs",
                "HERALD_JWT_USER_CLAIM", "preferred_username"), withDataDir()).jwks().userClaim())
                .isEqualTo("preferred_username");
        assertThat(load(Map.of("HERALD_JWT_JWKS_URL", "http://keycloak:8080/certs"), withDataDir()).jwks().fetchedInTheClear())
                .isTrue();
        assertThat(load(Map.of("HERALD_JWT_JWKS_URL", "http://127.0.0.1:8080/certs"), withDataDir()).jwks().fetchedInTheClear())
                .isFalse();
        // A URL that cannot be one is a configuration error; one that does not answer is not (the hub starts).
        assertInvalid(Map.of("HERALD_JWT_JWKS_URL", "tenant.example.com/jwks.json"), "HERALD_JWT_JWKS_URL");
        assertInvalid(Map.of("HERALD_JWT_JWKS_URL", "ftp://example.com/jwks.json"), "HERALD_JWT_JWKS_URL");
        assertInvalid(Map.of("HERALD_JWT_JWKS_URL", "https://exa mple.com/"), "HERALD_JWT_JWKS_URL");
        assertInvalid(Map.of("HERALD_JWT_JWKS_URL", "https:///jwks.json"), "HERALD_JWT_JWKS_URL");
        assertInvalid(Map.of("HERALD_JWT_JWKS_URL", "https://example.com/jwks.json", "HERALD_JWT_USER_CLAIM", "a b"),
                "HERALD_JWT_USER_CLAIM");
        // Rules that would go unenforced without a key set are refused, not ignored.
        assertInvalid(Map.of("HERALD_JWT_ISSUER", "https://tenant.example.com/"), "HERALD_JWT_ISSUER");
        assertInvalid(Map.of("HERALD_JWT_AUDIENCE", "herald"), "HERALD_JWT_AUDIENCE");
        assertInvalid(Map.of("HERALD_JWT_USER_CLAIM", "email"), "HERALD_JWT_USER_CLAIM");
    }

    @Test
    void theHttpLimitsHaveDefaultsThatFitTheHeapAndCanBeSet() {
        HttpLimits defaults = load(Map.of(), withDataDir()).httpLimits();
        assertThat(defaults.maxInflightBytes()).isEqualTo(HttpLimits.defaultInflightBytes(Runtime.getRuntime().maxMemory()));
        assertThat(defaults.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(defaults.idleTimeoutMs()).isEqualTo(75_000);
        assertThat(defaults.maxUnauthenticatedConnections()).isEqualTo(1000);
        // A sixteenth of the heap, never less than room for two of the largest bodies, never more than 1 GiB.
        assertThat(HttpLimits.defaultInflightBytes(256L << 20)).isEqualTo(16L << 20);
        assertThat(HttpLimits.defaultInflightBytes(16L << 20)).isEqualTo(2L << 20);
        assertThat(HttpLimits.defaultInflightBytes(64L << 30)).isEqualTo(1L << 30);

        HttpLimits set = load(Map.of("HERALD_MAX_INFLIGHT_BYTES", "1048576", "HERALD_HEADER_TIMEOUT_MS", "500"),
                withDataDir("--idle-timeout-ms", "2000", "--max-unauthenticated-connections", "7")).httpLimits();
        assertThat(set).isEqualTo(new HttpLimits(1 << 20, 500, 2000, 7));

        assertInvalid(Map.of("HERALD_MAX_INFLIGHT_BYTES", "65536"), "HERALD_MAX_INFLIGHT_BYTES");
        assertInvalid(Map.of("HERALD_MAX_INFLIGHT_BYTES", "-1"), "HERALD_MAX_INFLIGHT_BYTES");
        assertInvalid(Map.of("HERALD_HEADER_TIMEOUT_MS", "0"), "HERALD_HEADER_TIMEOUT_MS");
        assertInvalid(Map.of("HERALD_IDLE_TIMEOUT_MS", "ten"), "HERALD_IDLE_TIMEOUT_MS");
        assertInvalid(Map.of("HERALD_MAX_UNAUTHENTICATED_CONNECTIONS", "0"), "HERALD_MAX_UNAUTHENTICATED_CONNECTIONS");
    }

    @Test
    void unknownKeysInTheConfigFileAreErrorsButUnknownEnvironmentIsAWarning() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "HERALD_PROT=1\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(Map.of(), withDataDir("--config", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_PROT");
        ConfigLoader loader = new ConfigLoader();
        loader.load(withDataDir(), Map.of("HERALD_TYPO", "1"));
        assertThat(loader.warnings()).singleElement().asString().contains("HERALD_TYPO");
    }

    @Test
    void durationsAcceptUnitsAndIso() {
        assertThat(ConfigLoader.parseDuration("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(ConfigLoader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigLoader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigLoader.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(ConfigLoader.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigLoader.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigLoader.parseDuration("5")).isNull();
        assertThat(ConfigLoader.parseDuration("m")).isNull();
    }

    private void assertInvalid(Map<String, String> env, String setting) {
        assertThatThrownBy(() -> load(env, withDataDir()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration: " + setting)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
