package dev.herald.redis;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A node's connection to Redis: one connection for commands (pipelined, so what one node sends
 * arrives in the order it was sent) and one subscribed to the item channel. Runs on its own small
 * Vert.x instance. When either connection fails, both are dropped and the link reconnects by itself
 * with backoff (100 ms doubling to 2 s); every time it is up again, {@link #onUp} callbacks run so
 * the bus can catch up from the store and presence can re-register.
 *
 * <p>Commands fail fast while the link is down and time out after {@value #COMMAND_TIMEOUT_MS} ms
 * (a Redis that hangs is treated as down). Closing is idempotent.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final long COMMAND_TIMEOUT_MS = 3000;
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2000;

    private final RedisUrl url;
    private final String channel;
    private final Vertx vertx;
    private final Context context;
    private final Redis client;
    private final List<Runnable> upCallbacks = new CopyOnWriteArrayList<>();
    private volatile Consumer<byte[]> messages = bytes -> { };
    // Touched only on the link's context.
    private RedisConnection commands;
    private RedisConnection subscriber;
    private long backoffMs = MIN_BACKOFF_MS;
    private boolean connecting;
    private boolean everUp;
    private volatile boolean up;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile CountDownLatch firstUp = new CountDownLatch(1);

    /** @param channel the pub/sub channel this link subscribes to */
    public RedisLink(RedisUrl url, String channel) {
        this.url = url;
        this.channel = channel;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.context = vertx.getOrCreateContext();
        RedisOptions options = new RedisOptions()
                .setConnectionString(url.value())
                .setMaxPoolSize(4)
                .setMaxWaitingHandlers(100_000)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2000).setTcpKeepAlive(true)
                        .setTcpNoDelay(true).setSsl(url.tls()));
        this.client = Redis.createClient(vertx, options);
    }

    /** Receives each message published on the channel. Set before {@link #start()}. */
    public void onMessage(Consumer<byte[]> handler) {
        this.messages = handler;
    }

    /** Runs on the link's thread each time the link is (re)established, the first time included. */
    public void onUp(Runnable callback) {
        upCallbacks.add(callback);
    }

    public String channel() {
        return channel;
    }

    /** Starts connecting; returns at once. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        context.runOnContext(v -> connect());
    }

    /** Waits up to {@code millis} for the link to be up. */
    public boolean awaitUp(long millis) throws InterruptedException {
        return firstUp.await(millis, TimeUnit.MILLISECONDS) && up;
    }

    public boolean healthy() {
        return up && !closed;
    }

    /**
     * Sends one command on the command connection. Completes on the link's thread; fails at once
     * while the link is down and after the timeout if Redis does not answer.
     */
    public CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed || !up) {
            result.completeExceptionally(new IllegalStateException("Redis is not connected"));
            return result;
        }
        context.runOnContext(v -> {
            RedisConnection c = up ? commands : null;
            if (c == null) {
                result.completeExceptionally(new IllegalStateException("Redis is not connected"));
                return;
            }
            long timer = vertx.setTimer(COMMAND_TIMEOUT_MS, t -> {
                if (result.completeExceptionally(new TimeoutException("Redis did not answer in "
                        + COMMAND_TIMEOUT_MS + " ms"))) {
                    lost(c, "a command timed out");
                }
            });
            c.send(request).onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            });
        });
        return result;
    }

    /** Publishes a message on the channel; fire and forget (a lost message is caught up from the store). */
    public void publish(byte[] message) {
        send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).whenComplete((r, e) -> {
            if (e != null) {
                log.debug("publish to Redis failed: {}", e.toString());
            }
        });
    }

    private void connect() {
        if (closed || connecting || up) {
            return;
        }
        connecting = true;
        client.connect().compose(c -> {
            commands = c;
            watch(c);
            return client.connect();
        }).compose(s -> {
            subscriber = s;
            s.handler(this::onPush);
            watch(s);
            return s.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        }).onComplete(ar -> {
            connecting = false;
            if (closed) {
                dropConnections();
                return;
            }
            if (ar.failed()) {
                dropConnections();
                if (backoffMs == MIN_BACKOFF_MS) {
                    log.warn("cannot reach Redis at {} ({}); retrying", url, ar.cause().toString());
                }
                retry();
                return;
            }
            up = true;
            backoffMs = MIN_BACKOFF_MS;
            log.info("{} Redis at {}", everUp ? "reconnected to" : "connected to", url);
            everUp = true;
            firstUp.countDown();
            for (Runnable callback : upCallbacks) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    log.warn("Redis reconnect callback failed: {}", e.toString());
                }
            }
        });
    }

    private void watch(RedisConnection c) {
        c.exceptionHandler(e -> lost(c, e.toString()));
        c.endHandler(v -> lost(c, "connection closed"));
    }

    /** One of the connections failed: drop both and reconnect. Runs on the link's context. */
    private void lost(RedisConnection c, String why) {
        if (closed || (c != commands && c != subscriber)) {
            return;
        }
        boolean wasUp = up;
        up = false;
        dropConnections();
        if (wasUp) {
            log.warn("lost Redis at {} ({}); serving local streams only until it is back", url, why);
        }
        if (!connecting) {
            retry();
        }
    }

    private void retry() {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, t -> connect());
    }

    private void dropConnections() {
        RedisConnection c = commands;
        RedisConnection s = subscriber;
        commands = null;
        subscriber = null;
        if (c != null) {
            c.close();
        }
        if (s != null) {
            s.close();
        }
    }

    private void onPush(Response r) {
        if ((r.type() == ResponseType.PUSH || r.type() == ResponseType.MULTI) && r.size() >= 3
                && "message".equals(r.get(0).toString())) {
            try {
                messages.accept(r.get(2).toBytes());
            } catch (RuntimeException e) {
                log.warn("dropped a bus message that could not be handled: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        up = false;
        firstUp.countDown();
        CountDownLatch done = new CountDownLatch(1);
        context.runOnContext(v -> {
            dropConnections();
            done.countDown();
        });
        try {
            done.await(2, TimeUnit.SECONDS);
            client.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Redis link did not close cleanly: {}", e.toString());
        }
    }
}
