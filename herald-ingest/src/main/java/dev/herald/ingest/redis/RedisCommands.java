package dev.herald.ingest.redis;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One dedicated Redis connection, used by one thread with blocking calls (a blocking
 * {@code XREADGROUP} holds its connection, so each stream's consumer has its own). After a failure
 * the connection is dropped and the next call connects again; Redis's own error replies (like
 * {@code BUSYGROUP}) keep it.
 */
final class RedisCommands implements AutoCloseable {
    static final long TIMEOUT_MS = 3_000;

    private final Redis client;
    private volatile RedisConnection connection;
    private volatile boolean broken;
    private volatile boolean closed;

    RedisCommands(Redis client) {
        this.client = client;
    }

    /** Sends {@code request} and waits for the answer (a null response is Redis's nil). */
    Response send(Request request) throws Exception {
        return send(request, TIMEOUT_MS);
    }

    Response send(Request request, long timeoutMs) throws Exception {
        RedisConnection c = connection();
        try {
            return await(c.send(request).toCompletionStage().toCompletableFuture(), timeoutMs);
        } catch (RedisReplyException e) {
            throw e;
        } catch (Exception e) {
            drop();
            throw e;
        }
    }

    private RedisConnection connection() throws Exception {
        if (closed) {
            throw new IllegalStateException("the Redis ingest source is closed");
        }
        RedisConnection c = connection;
        if (c != null && !broken) {
            return c;
        }
        drop();
        c = await(client.connect().toCompletionStage().toCompletableFuture(), TIMEOUT_MS);
        RedisConnection fresh = c;
        fresh.exceptionHandler(e -> broken = true);
        fresh.endHandler(v -> broken = true);
        broken = false;
        connection = fresh;
        if (closed) {
            drop();
            throw new IllegalStateException("the Redis ingest source is closed");
        }
        return fresh;
    }

    private static <T> T await(CompletableFuture<T> f, long timeoutMs) throws Exception {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorType reply) {
                throw new RedisReplyException(reply.toString());
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Redis did not answer in " + timeoutMs + " ms");
        }
    }

    private void drop() {
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    /** Drops the connection; a call blocked on it fails at once. Safe from any thread, idempotent. */
    @Override
    public void close() {
        closed = true;
        drop();
    }

    /** An error reply of Redis itself ({@code NOGROUP ...}, {@code BUSYGROUP ...}): the connection is fine. */
    static final class RedisReplyException extends Exception {
        RedisReplyException(String message) {
            super(message);
        }

        boolean is(String code) {
            return getMessage() != null && getMessage().startsWith(code);
        }
    }
}
