/**
 * Publisher SDK for Herald: publish notifications and events to users over HTTP, and mint the
 * subscriber tokens browsers use to open their SSE streams.
 *
 * <p>Start with {@link dev.herald.sdk.Herald#builder()}. Every call has an asynchronous variant
 * returning a {@link java.util.concurrent.CompletableFuture} and a blocking one; failures are
 * {@link dev.herald.sdk.HeraldException}s carrying the hub's stable error code.
 */
package dev.herald.sdk;
