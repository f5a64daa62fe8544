package dev.herald.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for an async call so blocking callers catch the typed exception itself, not a wrapper. */
final class Blocking {
    private Blocking() {
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            // Stop the retries too: nobody is waiting for the answer any more.
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new HeraldException("interrupted", 0, "interrupted while waiting for the hub", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new HeraldException("client_error", 0, String.valueOf(cause), cause);
        }
    }
}
