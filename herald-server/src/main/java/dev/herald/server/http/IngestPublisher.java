package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.hub.Hub;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestResult;
import dev.herald.core.ingest.IngestSink;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Appended;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An ingest source's way into the hub: each message is exactly a {@code POST /v1/notifications},
 * {@code /v1/notifications/batch} or {@code /v1/events} body plus its kind, parsed by the same parsers
 * (so the same rules and the same error codes), then published in order, in chunks of at most a
 * batch route's size, one store transaction each. See {@link IngestSink} for the contract.
 */
public final class IngestPublisher implements IngestSink {
    /** Longest source position used as it is in a derived key; longer ones are hashed (keys hold 255). */
    private static final int MAX_PLAIN_POSITION = 200;

    private final Hub hub;
    private final PublishParser parser;
    private final BatchParser batchParser;
    private final Lifecycle lifecycle;
    private final String scope;

    /**
     * @param source the source's name: its messages' idempotency keys (given or derived) live in their
     *               own space, {@code ingest:<source>}, apart from every publisher key's
     */
    public IngestPublisher(Hub hub, Duration notificationTtl, Duration eventRetention, Lifecycle lifecycle, String source) {
        this.hub = hub;
        this.parser = new PublishParser(notificationTtl, eventRetention);
        this.batchParser = new BatchParser(parser);
        this.lifecycle = lifecycle;
        this.scope = "ingest:" + source;
    }

    @Override
    public CompletableFuture<List<IngestResult>> publish(List<IngestMessage> messages) {
        if (lifecycle.isDraining()) {
            return CompletableFuture.failedFuture(new HeraldException(ErrorCode.SHUTTING_DOWN, "the node is stopping"));
        }
        IngestResult[] results = new IngestResult[messages.size()];
        List<List<NewItem>> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                parsed.add(parse(messages.get(i)));
            } catch (HeraldException e) {
                parsed.add(null);
                results[i] = new IngestResult.Rejected(e.code().code(), e.getMessage());
            }
        }
        return publishFrom(0, parsed, results).thenApply(done -> List.of(results));
    }

    /** Publishes messages {@code from}.. in chunks of whole messages, one after the other, filling {@code results}. */
    private CompletableFuture<Void> publishFrom(int from, List<List<NewItem>> parsed, IngestResult[] results) {
        int end = from;
        List<NewItem> chunk = new ArrayList<>();
        while (end < parsed.size()) {
            List<NewItem> items = parsed.get(end);
            if (items != null && !chunk.isEmpty() && chunk.size() + items.size() > BatchParser.MAX_NOTIFICATIONS) {
                break;
            }
            if (items != null) {
                chunk.addAll(items);
            }
            end++;
        }
        if (chunk.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int last = end;
        return publishChunk(from, last, chunk, parsed, results)
                .thenCompose(done -> last < parsed.size() ? publishFrom(last, parsed, results)
                        : CompletableFuture.completedFuture(null));
    }

    /**
     * Publishes messages {@code first..last-1} (their items being {@code chunk}) in one call. If the
     * store refuses the chunk for its content (a 4xx, like a value PostgreSQL cannot hold), the messages
     * go again one by one, so only the bad one is rejected; a refusal for load fails the whole future.
     */
    private CompletableFuture<Void> publishChunk(int first, int last, List<NewItem> chunk, List<List<NewItem>> parsed,
                                                 IngestResult[] results) {
        return hub.publish(chunk).handle((appended, err) -> {
            if (err == null) {
                int k = 0;
                for (int i = first; i < last; i++) {
                    List<NewItem> items = parsed.get(i);
                    if (items != null) {
                        List<String> ids = new ArrayList<>(items.size());
                        for (int j = 0; j < items.size(); j++) {
                            ids.add(appended.get(k++).item().id());
                        }
                        results[i] = new IngestResult.Published(ids);
                    }
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = Errors.unwrap(err);
            if (!(cause instanceof HeraldException he) || !rejectsContent(he)) {
                return CompletableFuture.<Void>failedFuture(cause);
            }
            if (last == first + 1) {
                results[first] = new IngestResult.Rejected(he.code().code(), he.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            CompletableFuture<Void> one = CompletableFuture.completedFuture(null);
            for (int i = first; i < last; i++) {
                int at = i;
                if (parsed.get(at) != null) {
                    one = one.thenCompose(x -> publishChunk(at, at + 1, parsed.get(at), parsed, results));
                }
            }
            return one;
        }).thenCompose(f -> f);
    }

    /** A refusal that a retry can never change: the content is the problem, not the store's state. */
    private static boolean rejectsContent(HeraldException e) {
        int status = e.code().status();
        return status >= 400 && status < 500 && status != 429;
    }

    /** The message's items, or a {@link HeraldException} with the code an HTTP publish of it would get. */
    private List<NewItem> parse(IngestMessage m) {
        String kind = m.kind();
        int limit = "batch".equals(kind) ? JsonBody.MAX_BATCH_BYTES : JsonBody.MAX_BYTES;
        if (m.body().length > JsonBody.MAX_BATCH_BYTES || (kind != null && m.body().length > limit)) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE, "the message is larger than its route takes ("
                    + limit + " bytes)");
        }
        JsonNode body = JsonBody.parse(m.body());
        if (!(body instanceof ObjectNode obj)) {
            throw Invalid.field("the body must be a JSON object");
        }
        JsonNode given = obj.remove("kind");
        if (given != null && !given.isNull()) {
            if (!given.isTextual() || (kind != null && !kind.equals(given.asText()))) {
                throw Invalid.field("kind must be notification, batch or event (and match the message's kind attribute)");
            }
            kind = given.asText();
        }
        if (kind == null) {
            throw Invalid.field("kind is required: notification, batch or event");
        }
        if (!"batch".equals(kind) && m.body().length > JsonBody.MAX_BYTES) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE, "the message is larger than its route takes ("
                    + JsonBody.MAX_BYTES + " bytes)");
        }
        String key = derivedKey(m.position());
        switch (kind) {
            case "notification" -> {
                keyIfMissing(obj, key);
                return List.of(parser.notification(obj, scope, hub.presence()::users).item());
            }
            case "event" -> {
                keyIfMissing(obj, key);
                return List.of(parser.event(obj, scope, hub.presence()::users).item());
            }
            case "batch" -> {
                JsonNode list = obj.get("notifications");
                if (list != null && list.isArray()) {
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) instanceof ObjectNode element) {
                            keyIfMissing(element, key + "#" + i);
                        }
                    }
                }
                List<NewItem> items = new ArrayList<>();
                for (PublishParser.Parsed p : batchParser.notifications(obj, scope, hub.presence()::users)) {
                    items.add(p.item());
                }
                return items;
            }
            default -> throw Invalid.field("kind must be notification, batch or event");
        }
    }

    private static void keyIfMissing(ObjectNode obj, String key) {
        JsonNode k = obj.get("idempotencyKey");
        if (k == null || k.isNull()) {
            obj.put("idempotencyKey", key);
        }
    }

    /** The key a message without one gets: its position in the source, hashed when too long for a key. */
    static String derivedKey(String position) {
        if (position.length() <= MAX_PLAIN_POSITION) {
            return "src:" + position;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(position.getBytes(StandardCharsets.UTF_8));
            return "src#" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
