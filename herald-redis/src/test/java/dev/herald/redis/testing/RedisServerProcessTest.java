package dev.herald.redis.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresRedis
class RedisServerProcessTest {

    @Test
    void stopsAndStartsAgainOnTheSamePort() throws IOException {
        Path dir;
        int port;
        try (RedisServerProcess redis = new RedisServerProcess()) {
            port = redis.port();
            dir = redis.dir();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.isRunning()).isTrue();
            assertThatCode(() -> TestRedis.ping("127.0.0.1", port)).doesNotThrowAnyException();

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.isRunning()).isTrue();
            assertThatCode(() -> TestRedis.ping("127.0.0.1", port)).doesNotThrowAnyException();

            redis.close();
            assertThat(redis.isRunning()).isFalse();
        } // the second close
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        assertThat(dir).doesNotExist();
    }

    @Test
    void eachServerHasItsOwnPortAndIsNotTheSharedOne() throws IOException {
        try (RedisServerProcess a = new RedisServerProcess(); RedisServerProcess b = new RedisServerProcess()) {
            assertThat(a.port()).isNotEqualTo(b.port()).isNotEqualTo(6379);
            a.stop();
            assertThatCode(() -> TestRedis.ping("127.0.0.1", b.port())).doesNotThrowAnyException();
            assertThatThrownBy(() -> TestRedis.ping("127.0.0.1", a.port())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void freshPrefixesDiffer() {
        assertThat(TestRedis.freshPrefix()).matches("herald-test-[0-9a-f]{12}").isNotEqualTo(TestRedis.freshPrefix());
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
