package dev.herald.core.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where sources hand their messages: the hub's publish path, with the same validation as the HTTP
 * routes. Implemented by the server (it owns the parsers); sources only call it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Messages are published in the order given (within and across partitions).</li>
 *   <li>The future completes with one result per message, in order, only once every published one
 *       is durable: only then may the source acknowledge them.</li>
 *   <li>A message without an {@code idempotencyKey} gets one derived from its source and
 *       {@link IngestMessage#position()}; a redelivered message is answered as published, not
 *       published twice.</li>
 *   <li>The future fails when the hub cannot take the messages now (the store is unavailable or
 *       overloaded, the node is stopping): nothing is to be acknowledged, the source keeps the
 *       messages and offers them again later. It never fails for a bad message: that is a
 *       {@link IngestResult.Rejected}.</li>
 * </ul>
 */
public interface IngestSink {
    CompletableFuture<List<IngestResult>> publish(List<IngestMessage> messages);
}
