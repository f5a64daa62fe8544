package dev.herald.redis;

import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The link on a real Redis: credentials in the URL, and what a wrong password does. */
@RequiresRedis
class RedisLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aUserAndPasswordInTheUrlAreUsedAndAWrongOneNeverConnects() throws Exception {
        String user = TestRedis.freshPrefix();
        String channel = user + ":items";
        try (RedisLink admin = new RedisLink(RedisUrl.parse(TestRedis.URL), channel)) {
            admin.start();
            assertThat(admin.awaitUp(WAIT.toMillis())).isTrue();
            admin.send(Request.cmd(Command.ACL).arg("SETUSER").arg(user).arg("on").arg(">pw-0123456789")
                    .arg("~*").arg("&*").arg("+@all")).join();
            try {
                String base = TestRedis.URL.substring("redis://".length()).replaceFirst("^.*@", "");
                List<String> got = new CopyOnWriteArrayList<>();
                try (RedisLink good = new RedisLink(RedisUrl.parse("redis://" + user + ":pw-0123456789@" + base), channel);
                     RedisLink wrong = new RedisLink(RedisUrl.parse("redis://" + user + ":not-it@" + base), channel)) {
                    good.onMessage(bytes -> got.add(new String(bytes, StandardCharsets.UTF_8)));
                    good.start();
                    wrong.start();
                    assertThat(good.awaitUp(WAIT.toMillis())).isTrue();
                    admin.publish("hello".getBytes(StandardCharsets.UTF_8));
                    await().atMost(WAIT).until(() -> got.contains("hello"));
                    // A wrong password is an outage like any other: retried, never healthy, commands refused.
                    Thread.sleep(500);
                    assertThat(wrong.healthy()).isFalse();
                    assertThatThrownBy(() -> wrong.send(Request.cmd(Command.PING)).join())
                            .hasMessageContaining("not connected");
                }
            } finally {
                admin.send(Request.cmd(Command.ACL).arg("DELUSER").arg(user)).join();
            }
        }
    }
}
