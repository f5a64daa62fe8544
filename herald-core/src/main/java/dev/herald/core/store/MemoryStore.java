package dev.herald.core.store;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.EventId;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The reference {@link Store}: everything in memory, gone when the process ends (so its epoch is new
 * at every start). One lock makes the sequence dense and in commit order by construction. Used by
 * tests and as the model the durable stores are checked against.
 */
public final class MemoryStore implements Store {
    private final String epoch = EventId.newEpoch();
    private final long idempotencyWindowMillis;
    private final TreeMap<Long, Item> log = new TreeMap<>();
    private final Map<String, KeptReply> replies = new HashMap<>();
    private long head;
    private long horizon;
    private boolean closed;

    private record KeptReply(Item item, int recipients, long expiresAtMillis) {
    }

    public MemoryStore(Duration idempotencyWindow) {
        this.idempotencyWindowMillis = idempotencyWindow.toMillis();
    }

    public MemoryStore() {
        this(Duration.ofHours(24));
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public synchronized CompletableFuture<List<Appended>> append(List<NewItem> items) {
        if (closed) {
            return closedFuture();
        }
        List<Appended> out = new ArrayList<>(items.size());
        for (NewItem n : items) {
            Idempotency key = n.idempotency();
            KeptReply kept = key == null ? null : replies.get(key.scopedKey());
            if (kept != null && kept.expiresAtMillis > n.createdAtMillis()) {
                out.add(new Appended(kept.item, true, kept.recipients));
                continue;
            }
            Item item = new Item(epoch, ++head, n);
            log.put(item.seq(), item);
            if (key != null) {
                replies.put(key.scopedKey(), new KeptReply(item, key.recipients(),
                        n.createdAtMillis() + idempotencyWindowMillis));
            }
            out.add(new Appended(item, false, key == null ? -1 : key.recipients()));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<LogBounds> bounds() {
        return closed ? closedFuture() : CompletableFuture.completedFuture(new LogBounds(horizon, head));
    }

    @Override
    public synchronized CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit) {
        if (closed) {
            return closedFuture();
        }
        List<Item> out = new ArrayList<>();
        for (Item item : log.subMap(afterSeq, false, uptoSeq, true).values()) {
            if (out.size() >= limit) {
                break;
            }
            if (item.target().includes(userId)) {
                out.add(item);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<List<Item>> range(long afterSeq, long uptoSeq, int limit) {
        if (closed) {
            return closedFuture();
        }
        List<Item> out = new ArrayList<>();
        for (Item item : log.subMap(afterSeq, false, uptoSeq, true).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(item);
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<Integer> prune(long nowMillis) {
        if (closed) {
            return closedFuture();
        }
        int removed = 0;
        for (Iterator<Item> it = log.values().iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (item.expiresAtMillis() <= nowMillis) {
                horizon = Math.max(horizon, item.seq());
                it.remove();
                removed++;
            }
        }
        replies.values().removeIf(r -> r.expiresAtMillis <= nowMillis);
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized void close() {
        closed = true;
        log.clear();
        replies.clear();
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store is closed"));
    }
}
