package dev.herald.core.hub;

import dev.herald.core.item.EventId;
import dev.herald.core.item.Item;
import dev.herald.core.sse.Frame;
import dev.herald.core.sse.SseFrames;
import dev.herald.core.store.LogBounds;
import dev.herald.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The replay/live seam for one reconnecting stream. The stream is already registered and queueing
 * live items above {@code upto} (the shard's position when it registered). Replay writes what the
 * store holds for the user in {@code (after, upto]}, page by page and only as fast as the client
 * reads, then the queued live items, then the stream is live. Memory per stream stays at one page,
 * bounded in items and in bytes (a page ends with the item that reaches the byte budget), and a
 * client that stops reading is cut at a heartbeat ({@link Subscription#heartbeat}). An unknown or
 * expired position gets a {@code reset} event instead, never a silent gap.
 *
 * <p>An event with a collapse key is skipped when a later one of its key is in the same page or
 * already queued live: a resuming client gets the latest per key (per page, which bounds the memory
 * this takes) and every item without a key, in order.
 */
final class Replay {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final Subscription sub;
    private final Store store;
    private final Executor executor;
    private final long upto;
    private final int pageSize;
    private final long pageBytes;
    private final HubMetrics metrics;
    private long after;
    private List<Item> page = List.of();
    /** True when the current page is the range's last: short in items and in bytes. */
    private boolean lastPage;
    private int index;
    /** The last index of each collapse key in the current page; null when the page has no keyed item. */
    private Map<String, Integer> lastOfKey;

    Replay(Subscription sub, Store store, Executor executor, long after, long upto, HubConfig config,
           HubMetrics metrics) {
        this.sub = sub;
        this.store = store;
        this.executor = executor;
        this.after = after;
        this.upto = upto;
        this.pageSize = config.replayPageSize();
        this.pageBytes = config.replayPageBytes();
        this.metrics = metrics;
    }

    /**
     * Starts a stream: loads the user's muted types and categories (read after the stream registered, so any later
     * change reaches it as a queued item), then replays from the client's Last-Event-ID (raw text,
     * possibly garbage) or pins the position of a fresh stream: where this node has delivered, or the
     * request's anchor floor (the log's head read before the stream opened, see
     * {@link Hub#admit(StreamRequest)}) if that is further; items up to it are skipped as they arrive.
     */
    static void begin(Subscription sub, Store store, Executor executor, StreamRequest request, long upto,
                      HubConfig config, HubMetrics metrics) {
        String lastEventId = request.lastEventId();
        long start = lastEventId == null ? Math.max(upto, request.anchorFloor()) : upto;
        store.muted(sub.userId()).whenCompleteAsync((muted, err) -> guarded(sub, "stream start", () -> {
            if (sub.isClosed()) {
                return;
            }
            if (err != null) {
                fail(sub, err, "stream start");
                return;
            }
            sub.mute(muted);
            position(sub, store, executor, lastEventId, start, config, metrics);
        }), executor);
    }

    private static void position(Subscription sub, Store store, Executor executor, String lastEventId, long upto,
                                 HubConfig config, HubMetrics metrics) {
        if (lastEventId == null) {
            // A fresh stream: pin the browser's position now, so even a client that disconnects
            // before its first item resumes without loss.
            sub.position(upto);
            sub.sendControl(Frame.of(SseFrames.idOnly(EventId.format(store.epoch(), upto))));
            sub.drainQueueThenGoLive();
            return;
        }
        EventId id = EventId.parse(lastEventId);
        Replay replay = new Replay(sub, store, executor, id == null ? -1 : id.seq(), upto, config, metrics);
        if (id == null || !id.epoch().equals(store.epoch())) {
            replay.reset(id == null ? "invalid_id" : "unknown_epoch");
        } else if (id.seq() == upto) {
            sub.position(upto);
            sub.drainQueueThenGoLive();
        } else {
            replay.checkBounds();
        }
    }

    private void checkBounds() {
        store.bounds().whenCompleteAsync((bounds, err) -> guarded(sub, "replay", () -> {
            if (sub.isClosed()) {
                return;
            }
            if (err != null) {
                fail(sub, err, "replay");
            } else if (after > bounds.head()) {
                reset("unknown_position");
            } else if (after < bounds.horizon()) {
                reset("expired");
            } else if (after >= upto) {
                // The client has seen more than this node has delivered (another node was ahead):
                // everything up to its position is skipped as it arrives.
                sub.position(after);
                sub.drainQueueThenGoLive();
            } else {
                fetch();
            }
        }), executor);
    }

    private void fetch() {
        store.replay(sub.userId(), after, upto, pageSize, pageBytes).whenCompleteAsync(
                (items, err) -> guarded(sub, "replay", () -> onPage(items, err)), executor);
    }

    private void onPage(List<Item> items, Throwable err) {
        if (sub.isClosed()) {
            return;
        }
        if (err != null) {
            fail(sub, err, "replay");
            return;
        }
        long bytes = 0;
        Map<String, Integer> keys = null;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            bytes += item.content().length;
            if (item.collapseKey() != null && sub.wants(item)) {
                if (keys == null) {
                    keys = new HashMap<>();
                }
                keys.put(item.collapseKey(), i);
            }
        }
        lastOfKey = keys;
        // Per the store's contract a page short in both items and bytes ends the range; a page cut
        // by either bound is followed by another (which may come back empty).
        lastPage = items.isEmpty() || (items.size() < pageSize && bytes < pageBytes);
        page = items;
        index = 0;
        pump();
    }

    /** Writes the current page while the client keeps up; resumes from the sink's drain signal. */
    private void pump() {
        guarded(sub, "replay", this::writePage);
    }

    private void writePage() {
        while (index < page.size()) {
            if (sub.isClosed()) {
                return;
            }
            int at = index++;
            Item item = page.get(at);
            Integer last = lastOfKey == null || item.collapseKey() == null ? null : lastOfKey.get(item.collapseKey());
            if (last != null && (last != at || sub.supersededByQueued(item))) {
                metrics.coalesced.increment();
                continue;
            }
            boolean withinBound = sub.send(item);
            if (sub.lastSeq() == item.seq()) {
                metrics.replayed.increment();
            }
            if (!withinBound) {
                sub.awaitDrain(this::pump);
                return;
            }
        }
        sub.shard().flushCounters();
        if (!lastPage) {
            after = page.get(page.size() - 1).seq();
            page = List.of();
            lastOfKey = null;
            fetch();
        } else {
            page = List.of();
            lastOfKey = null;
            sub.position(upto);
            sub.drainQueueThenGoLive();
        }
    }

    private void reset(String reason) {
        metrics.resets.increment();
        sub.position(upto);
        String data = "{\"reason\":\"" + reason + "\"}";
        sub.sendControl(Frame.of(SseFrames.event(EventId.format(store.epoch(), upto), "reset", data)));
        sub.drainQueueThenGoLive();
    }

    /**
     * Closes the stream so the client retries. A store failure is reported as such; a JVM error
     * (say an OutOfMemoryError on the store's reader thread) is reported as what it is, never as
     * "store unavailable".
     */
    private static void fail(Subscription sub, Throwable err, String what) {
        Error error = JvmErrors.asError(err);
        if (error != null) {
            sub.shard().jvmErrors().record(error, what + " for connection " + sub.connectionId());
            sub.close(CloseReason.INTERNAL_ERROR);
            return;
        }
        log.warn("{} for connection {} failed, closing it so the client retries: {}",
                what, sub.connectionId(), err.toString());
        sub.close(CloseReason.STORE_UNAVAILABLE);
    }

    /**
     * Runs a step of the stream's start on its shard's thread. A JVM error thrown there (an
     * allocation that failed) would otherwise vanish into the future that ran the step and leave the
     * stream stalled forever; instead it is reported and the stream closed, which frees its page.
     */
    private static void guarded(Subscription sub, String what, Runnable step) {
        try {
            step.run();
        } catch (Error e) {
            fail(sub, e, what);
        }
    }
}
