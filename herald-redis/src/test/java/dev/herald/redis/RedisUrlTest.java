package dev.herald.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {
    @Test
    void theFormsOperatorsWriteAreAcceptedAndPasswordsNeverShown() {
        assertThat(RedisUrl.parse("redis://127.0.0.1:6379").redacted()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(RedisUrl.parse("redis://127.0.0.1:6379").tls()).isFalse();
        RedisUrl withPassword = RedisUrl.parse("redis://:s3cret@cache.internal:6379/2");
        assertThat(withPassword.redacted()).isEqualTo("redis://:***@cache.internal:6379/2");
        assertThat(withPassword.toString()).doesNotContain("s3cret");
        assertThat(withPassword.value()).contains("s3cret");
        RedisUrl withUser = RedisUrl.parse("rediss://herald:s3cret@cache.example.com:6380");
        assertThat(withUser.tls()).isTrue();
        assertThat(withUser.redacted()).isEqualTo("rediss://herald:***@cache.example.com:6380");
    }

    @Test
    void wrongUrlsAreRefusedWithoutEchoingThem() {
        for (String bad : new String[]{"http://:s3cret@host:6379", "redis://:s3cret@/0", "redis://:s3cret@host:6379/x",
                "s3cret", "redis://:s3cret@host:6379/a b"}) {
            assertThatThrownBy(() -> RedisUrl.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("s3cret");
        }
    }
}
