package dev.herald.core.hub;

import dev.herald.core.item.Item;
import dev.herald.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns items arriving from the bus (possibly late, twice, or not at all) into one gap-free stream in
 * sequence order. An item that arrives ahead of the next expected number waits a short while for
 * the ones before it; if they do not come, they are read from the store, which is the truth. Items
 * the store no longer has (removed by retention) are skipped. The same read runs after a bus outage.
 */
final class Sequencer {
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
    private static final int FILL_PAGE = 1000;

    private final Store store;
    private final ScheduledExecutorService timer;
    private final long gapWaitMillis;
    private final Consumer<List<Item>> out;
    private final TreeMap<Long, Item> pending = new TreeMap<>();
    private long delivered;
    private boolean fillScheduled;
    private boolean filling;
    private long fillTarget;
    private boolean closed;
    /** A head read (with its retries) is on its way; another resync only asks for one more after it. */
    private boolean resyncing;
    private boolean resyncAgain;
    /** Said once per outage, not once per retry (a node retries every few hundred ms while the store is down). */
    private final OutageLog headOutage = new OutageLog("resync: cannot read the log head",
            "resync: the log head can be read again");
    private final OutageLog gapOutage = new OutageLog("catching up: cannot read the log",
            "catching up: the log can be read again");

    Sequencer(long start, Store store, ScheduledExecutorService timer, long gapWaitMillis, Consumer<List<Item>> out) {
        this.delivered = start;
        this.store = store;
        this.timer = timer;
        this.gapWaitMillis = gapWaitMillis;
        this.out = out;
    }

    /** The highest sequence number handed on. Emission happens under this lock, so it is exact. */
    synchronized long delivered() {
        return delivered;
    }

    /** Accepts items in any order; hands on every item exactly once, in sequence order. */
    synchronized void accept(List<Item> items) {
        if (closed) {
            return;
        }
        for (Item item : items) {
            if (item.seq() > delivered) {
                pending.putIfAbsent(item.seq(), item);
            }
        }
        emitContiguous();
        if (!pending.isEmpty()) {
            scheduleFill(gapWaitMillis);
        }
    }

    /**
     * Catches up with everything committed up to the store's head (after a bus outage, and now and
     * then). One head read at a time: while one is on its way (or retrying while the store is down),
     * a call only makes sure another read follows it, so a store outage does not pile up a retrying
     * read per call.
     */
    void resync() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (resyncing) {
                resyncAgain = true;
                return;
            }
            resyncing = true;
        }
        readHead();
    }

    private void readHead() {
        synchronized (this) {
            resyncAgain = false; // this read covers every resync asked for until now
        }
        store.bounds().whenComplete((bounds, err) -> {
            if (err != null) {
                headOutage.failed(err);
                retryLater(this::readHead);
                return;
            }
            headOutage.recovered();
            boolean again;
            synchronized (this) {
                again = resyncAgain;
                resyncing = again;
            }
            fillUpTo(bounds.head());
            if (again) {
                readHead();
            }
        });
    }

    synchronized void close() {
        closed = true;
        pending.clear();
    }

    private void scheduleFill(long delayMillis) {
        if (fillScheduled || filling || closed) {
            return;
        }
        fillScheduled = true;
        timer.schedule(this::fillGap, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void fillGap() {
        long upto;
        synchronized (this) {
            fillScheduled = false;
            if (pending.isEmpty() || closed) {
                return;
            }
            upto = pending.firstKey() - 1;
        }
        fillUpTo(upto);
    }

    /** Reads the log until everything up to {@code upto} is handed on; one read runs at a time. */
    private void fillUpTo(long upto) {
        long from;
        long to;
        synchronized (this) {
            fillTarget = Math.max(fillTarget, upto);
            if (closed || filling || fillTarget <= delivered) {
                return;
            }
            filling = true;
            from = delivered;
            to = fillTarget;
        }
        store.range(from, to, FILL_PAGE).whenComplete((items, err) -> {
            boolean again;
            synchronized (this) {
                filling = false;
                if (closed) {
                    return;
                }
                if (err != null) {
                    gapOutage.failed(err);
                } else {
                    gapOutage.recovered();
                    for (Item item : items) {
                        if (item.seq() > delivered) {
                            pending.putIfAbsent(item.seq(), item);
                        }
                    }
                    // A short page covers the whole range: numbers it lacks are gone from the log
                    // (retention), so they are skipped rather than waited for.
                    emitThrough(items.size() < FILL_PAGE ? to : items.get(items.size() - 1).seq());
                    emitContiguous();
                }
                again = fillTarget > delivered;
                if (!again && !pending.isEmpty()) {
                    scheduleFill(gapWaitMillis);
                }
            }
            if (err != null) {
                retryLater(() -> fillUpTo(to));
            } else if (again) {
                timer.execute(() -> fillUpTo(to));
            }
        });
    }

    private void retryLater(Runnable r) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        timer.schedule(r, Math.max(gapWaitMillis, 200), TimeUnit.MILLISECONDS);
    }

    /** Emits the pending run that follows {@code delivered} without a hole. Holds the lock. */
    private void emitContiguous() {
        List<Item> ready = null;
        while (!pending.isEmpty() && pending.firstKey() == delivered + 1) {
            Item item = pending.pollFirstEntry().getValue();
            delivered = item.seq();
            if (ready == null) {
                ready = new ArrayList<>();
            }
            ready.add(item);
        }
        if (ready != null) {
            out.accept(ready);
        }
    }

    /** Emits everything pending up to {@code seq}, stepping over numbers the store no longer has. */
    private void emitThrough(long seq) {
        List<Item> ready = new ArrayList<>();
        while (!pending.isEmpty() && pending.firstKey() <= seq) {
            Item item = pending.pollFirstEntry().getValue();
            delivered = item.seq();
            ready.add(item);
        }
        delivered = Math.max(delivered, seq);
        if (!ready.isEmpty()) {
            out.accept(ready);
        }
    }

    /** A WARN when reads start failing, DEBUG while they keep failing, an INFO when they work again. */
    private static final class OutageLog {
        private final String fails;
        private final String works;
        private boolean failing;
        private int failures;

        OutageLog(String fails, String works) {
            this.fails = fails;
            this.works = works;
        }

        synchronized void failed(Throwable err) {
            if (!failing) {
                failing = true;
                failures = 1;
                log.warn("{}, retrying until it can (said once): {}", fails, err.toString());
            } else {
                failures++;
                log.debug("{}, still: {}", fails, err.toString());
            }
        }

        synchronized void recovered() {
            if (failing) {
                failing = false;
                log.info("{}, after {} failed reads", works, failures);
            }
        }
    }
}
