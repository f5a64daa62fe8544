package dev.herald.redis.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs Redis on localhost (or {@code HERALD_TEST_REDIS_URL}), or a
 * {@code redis-server} to start its own {@link RedisServerProcess}. Without it the class is skipped
 * with a visible reason, unless {@code CI=true}: then it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(TestRedis.class)
public @interface RequiresRedis {
}
