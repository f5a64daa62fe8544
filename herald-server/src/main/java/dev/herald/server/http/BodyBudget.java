package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits a request body only within the node's {@link ByteBudget}, before a byte of it is buffered:
 * it counts the declared {@code Content-Length}, or the route's whole body limit for a chunked body
 * (whose size is known only at its end). The bytes stay counted until the reply goes out or the client
 * leaves, and for a write until the store has answered too ({@link #holdUntil}). Past the budget the
 * request gets {@code 503 overloaded} at once and its body is never buffered. (A security-policy
 * handler to Vert.x-web only so that it may run before the body handler.)
 */
final class BodyBudget implements SecurityPolicyHandler {
    private static final String RESERVATION = "herald.reservation";
    /**
     * How long a refused request's connection stays open for the rest of its body, which is dropped
     * as it arrives: a client still sending when the socket closed would get a reset instead of the
     * 503. A client that has not finished by then is cut off.
     */
    static final long LINGER_MS = 2000;

    private final ByteBudget budget;
    private final long routeLimit;

    BodyBudget(ByteBudget budget, long routeLimit) {
        this.budget = budget;
        this.routeLimit = routeLimit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long bytes = cost(ctx.request());
        if (bytes == 0) {
            ctx.next();
            return;
        }
        ByteBudget.Reservation reservation = budget.tryReserve(bytes);
        if (reservation == null) {
            refuse(ctx);
            return;
        }
        ctx.put(RESERVATION, reservation);
        // Given back as the reply's head is written (a client that has its reply may send its next
        // request at once, and must find the bytes free), or when the connection closes without a
        // reply, whichever comes first: once.
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                reservation.release();
            }
        };
        ctx.addHeadersEndHandler(v -> release.run());
        ctx.addEndHandler(v -> release.run());
        ctx.next();
    }

    /**
     * Keeps this request's bytes counted until {@code write} completes, even if the client leaves
     * first: the write still holds its items until the store has answered. Answer from the returned
     * future: it completes like {@code write}, once the bytes are given back, so a client that has
     * its reply never finds them still counted.
     */
    static <T> CompletableFuture<T> holdUntil(RoutingContext ctx, CompletableFuture<T> write) {
        ByteBudget.Reservation reservation = ctx.get(RESERVATION);
        if (reservation == null) {
            return write;
        }
        reservation.retain();
        return write.whenComplete((result, failure) -> reservation.release());
    }

    /** The bytes to count: none for a body the body handler refuses unread (413) or for no body at all. */
    private long cost(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                // The decoder has already refused anything but one non-negative whole number.
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
            return declared > routeLimit ? 0 : declared;
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? routeLimit : 0;
    }

    /**
     * 503 with Retry-After, then the connection closes: at once if the body has all arrived, else
     * once it has (dropped unread, never buffered) or after {@link #LINGER_MS}.
     */
    private static void refuse(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        Future<Void> sent = Errors.send(ctx.response(), ErrorCode.OVERLOADED,
                "the node holds as many request bytes as it may; retry shortly");
        if (request.isEnded()) {
            sent.onComplete(v -> request.connection().close());
            return;
        }
        long linger = ctx.vertx().setTimer(LINGER_MS, t -> request.connection().close());
        request.endHandler(v -> {
            ctx.vertx().cancelTimer(linger);
            sent.onComplete(x -> request.connection().close());
        });
    }
}
