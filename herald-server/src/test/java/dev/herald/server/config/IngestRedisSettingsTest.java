package dev.herald.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis Streams source's settings: read together, checked before the node starts, never echoing a password. */
class IngestRedisSettingsTest {
    @TempDir
    Path dir;

    private HeraldConfig load(Map<String, String> env) {
        return new ConfigLoader().load(new String[] {"--data-dir", dir.toString()}, env);
    }

    @Test
    void streamsAreAListAndTheGroupDefaultsToHerald() {
        IngestSettings.RedisStreams redis = load(Map.of("HERALD_INGEST_REDIS_URL", "redis://:pw@cache.internal:6379/2",
                "HERALD_INGEST_REDIS_STREAMS", " orders , signups,orders")).ingest().redis();
        assertThat(redis.streams()).isEqualTo(List.of("orders", "signups"));
        assertThat(redis.group()).isEqualTo("herald");
        assertThat(redis.leaseMs()).isEqualTo(6_000);
        assertThat(load(Map.of()).ingest().redis()).isNull();
    }

    @Test
    void theLeaseIsWholeMillisecondsFromASecondToTenMinutes() {
        Map<String, String> redis = new java.util.HashMap<>(Map.of("HERALD_INGEST_REDIS_URL", "redis://127.0.0.1:6379",
                "HERALD_INGEST_REDIS_STREAMS", "orders"));
        redis.put("HERALD_INGEST_REDIS_LEASE_MS", "3000");
        assertThat(load(redis).ingest().redis().leaseMs()).isEqualTo(3_000);
        for (String bad : List.of("999", "600001", "6s")) {
            redis.put("HERALD_INGEST_REDIS_LEASE_MS", bad);
            assertThatThrownBy(() -> load(redis)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("HERALD_INGEST_REDIS_LEASE_MS").hasMessageContaining("1000..600000");
        }
    }

    @Test
    void aBadUrlIsAConfigurationErrorThatHidesThePassword() {
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_REDIS_URL", "redis://:s3cret-pw@/0",
                "HERALD_INGEST_REDIS_STREAMS", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_INGEST_REDIS_URL")
                .hasMessageContaining("no host").hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_REDIS_URL", "redis://cache.internal:6379/orders",
                "HERALD_INGEST_REDIS_STREAMS", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database number");
        assertThatThrownBy(() -> load(Map.of("HERALD_INGEST_REDIS_STREAMS", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("go together");
    }
}
