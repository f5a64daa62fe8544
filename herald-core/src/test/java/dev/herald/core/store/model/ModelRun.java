package dev.herald.core.store.model;

import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.item.Item;
import dev.herald.core.store.LogBounds;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the same commands on the model ({@link dev.herald.core.store.MemoryStore}) and on the store
 * under test and fails at the first answer that differs, naming the step and the command. After
 * every command both stores are asked for their bounds and every user's counts; at the end, for
 * every user's whole inbox, archive, preferences and replay, and for the whole log with its targets.
 */
public final class ModelRun implements AutoCloseable {
    /** ann, bob and cy are addressed directly and in lists; dan only ever gets broadcasts. */
    public static final List<String> USERS = List.of("ann", "bob", "cy", "dan");
    /**
     * Short windows, so runs of a few minutes of the test clock cross them: sync items and events
     * expire, idempotency keys are forgotten, digests close.
     */
    public static final StoreOptions OPTIONS = new StoreOptions(Duration.ofSeconds(15), Duration.ofSeconds(40));
    /** The test clock's start; it moves only by {@link Command.Tick}. */
    public static final long START = 1_800_000_000_000L;
    /**
     * Pages one resume or inbox walk compares at most: enough to cross every page boundary kind,
     * while a walk of a flood page by page would cost seconds (the final check reads everything).
     */
    private static final int MAX_PAGES = 40;

    private final Store model;
    private final Durability durability;
    /** The store under test's open nodes on its database; {@link #store} is the one commands go to. */
    private final List<Store> nodes = new ArrayList<>();
    private Store store;
    private final Views modelViews;
    private final Views storeViews;
    private final History history = new History();
    private long now = START;
    private int step;
    private Command current;

    /**
     * What a store under test can do besides answering: open its database again after every node
     * closed (a restart), and open one more node on it while the others stay open (a cluster).
     */
    public interface Durability {
        /** Whether {@link #reopen} opens the database again; when not, restarts are skipped. */
        boolean restarts();

        /** The database opened again, once every node has closed. */
        Store reopen();

        /** One more node on the database while the others stay open, or null. */
        Store anotherNode();
    }

    public ModelRun(Store model, Store store, Durability durability) {
        this.model = model;
        this.store = store;
        this.durability = durability;
        this.nodes.add(store);
        this.modelViews = new Views(model.epoch());
        this.storeViews = new Views(store.epoch());
    }

    public void run(List<Command> commands) {
        for (Command command : commands) {
            step++;
            current = command;
            apply(command);
            compareBoundsAndCounts();
            history.catchUp(model);
        }
        step++;
        current = null;
        compareEverything();
    }

    private void apply(Command command) {
        Write<?> write = Write.of(command, history, now);
        if (write != null) {
            both(write);
            if (command instanceof Command.Preferences p) {
                same("muted", model.muted(p.user()).join(), store.muted(p.user()).join(), (v, m) -> m);
            }
        } else if (command instanceof Command.Pipelined p) {
            pipelined(p.writes());
        } else if (command instanceof Command.Tick t) {
            now += t.millis();
        } else if (command instanceof Command.Resume r) {
            resume(r);
        } else if (command instanceof Command.Range r) {
            long head = history.bounds().head();
            long after = history.position(r.from(), "nobody");
            same("range", model.range(after, head, r.limit()).join(), store.range(after, head, r.limit()).join(),
                    (v, items) -> v.items(items, true));
        } else if (command instanceof Command.Look l) {
            look(l.user(), l.limit(), l.unreadOnly(), l.unseenOnly(), l.archived(), l.category(), l.tag());
        } else if (command instanceof Command.Restart) {
            restart();
        } else if (command instanceof Command.Node n) {
            switchTo(n.index() % 2);
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
    }

    /**
     * Writes as a busy hub makes them: all queued on the store before the first is acknowledged, so
     * a durable store's writer may commit several in one transaction. Each must still answer as if
     * it ran alone, in order; the model runs them one after the other (each resolved against the
     * history the ones before it left).
     *
     * <p>Except how several prunes in flight together share what they remove: a prune is not one
     * step (the durable stores remove in slices, each queued behind the writes waiting then), so a
     * later prune may remove what an earlier one had not reached yet. The items removed by all of
     * them together must match, and the bounds and everything read afterwards.
     */
    private void pipelined(List<Command> writes) {
        List<Queued<?>> queued = new ArrayList<>();
        for (Command command : writes) {
            queued.add(queue(command, Write.of(command, history, now)));
            history.catchUp(model);
        }
        long prunes = writes.stream().filter(Command.Prune.class::isInstance).count();
        int expectedRemoved = 0;
        int actualRemoved = 0;
        Command pipeline = current;
        try {
            for (Queued<?> q : queued) {
                current = q.command();
                if (prunes > 1 && q.command() instanceof Command.Prune) {
                    expectedRemoved += (Integer) q.expected();
                    actualRemoved += (Integer) q.actual().join();
                } else {
                    compareQueued(q);
                }
            }
        } finally {
            current = pipeline;
        }
        if (prunes > 1) {
            same("items removed by " + prunes + " prunes in flight together", expectedRemoved, actualRemoved,
                    (v, n) -> n);
            note("pipelined prunes: " + prunes);
        }
        note("pipelined writes: " + writes.size());
    }

    /** A write of a pipeline: the model's answer, and the store's to come. */
    private record Queued<T>(Command command, Write<T> write, T expected, CompletableFuture<T> actual) {
    }

    private <T> Queued<T> queue(Command command, Write<T> write) {
        T expected = write.call().apply(model).join();
        return new Queued<>(command, write, expected, write.call().apply(store));
    }

    private <T> void compareQueued(Queued<T> q) {
        compare(q.write(), q.expected(), q.actual().join());
    }

    private <T> void both(Write<T> write) {
        compare(write, write.call().apply(model).join(), write.call().apply(store).join());
    }

    private <T> void compare(Write<T> write, T expected, T actual) {
        same(write.what(), expected, actual, write.view());
        write.outcomes().apply(expected).forEach(ModelRun::note);
    }

    private void restart() {
        if (!durability.restarts()) {
            note("restart: the store keeps nothing");
            return;
        }
        nodes.forEach(Store::close);
        nodes.clear();
        Store again = durability.reopen();
        assertThat(again.epoch()).as("step %d: the epoch after a restart", step).isEqualTo(store.epoch());
        nodes.add(again);
        store = again;
        note("restart");
    }

    private void switchTo(int index) {
        while (nodes.size() <= index) {
            Store another = durability.anotherNode();
            if (another == null) {
                note("node: the database has one node");
                return;
            }
            assertThat(another.epoch()).as("step %d: another node's epoch", step).isEqualTo(store.epoch());
            nodes.add(another);
        }
        store = nodes.get(index);
        note("node " + index);
    }

    /**
     * What a reconnecting stream does (the hub's Replay): past the head is an unknown position,
     * below the horizon an expired one (both a reset, never a silent gap); otherwise pages of the
     * user's items up to the head, each after the last item of the one before, until a page short
     * in both items and bytes (or {@link #MAX_PAGES}).
     */
    private void resume(Command.Resume r) {
        LogBounds bounds = same("bounds", model.bounds().join(), store.bounds().join(), (v, b) -> b);
        long after = history.position(r.from(), r.user());
        String outcome = after > bounds.head() ? "reset: unknown_position"
                : after < bounds.horizon() ? "reset: expired" : "replay";
        if (!outcome.equals("replay")) {
            note("resume: " + outcome);
            return;
        }
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            List<Item> page = same("replay page after " + after,
                    model.replay(r.user(), after, bounds.head(), r.pageSize(), r.pageBytes()).join(),
                    addressedTo(r.user(), store.replay(r.user(), after, bounds.head(), r.pageSize(), r.pageBytes())
                            .join()),
                    (v, items) -> v.items(items, false));
            long bytes = page.stream().mapToLong(i -> i.content().length).sum();
            if (page.isEmpty() || page.size() < r.pageSize() && bytes < r.pageBytes()) {
                note(pages == 1 ? "resume: replay, one page" : "resume: replay, several pages");
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
        note("resume: replay, stopped after " + MAX_PAGES + " pages");
    }

    /** Walks the pages of one query, newest first (at most {@link #MAX_PAGES}). */
    private void look(String user, int limit, boolean unreadOnly, boolean unseenOnly, boolean archived,
                      String category, String tag) {
        long before = 0;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            InboxQuery query = new InboxQuery(limit, before, unreadOnly, unseenOnly, archived, category, tag);
            InboxPage page = store.list(user, query, now).join();
            addressedTo(user, page.items().stream().map(InboxEntry::item).toList());
            long next = same("inbox page " + query, model.list(user, query, now).join(), page, Views::page)
                    .nextBefore();
            if (next == 0) {
                return;
            }
            before = next;
        }
        note("inbox: stopped after " + MAX_PAGES + " pages");
    }

    /** What the runs did, in the report of each property (jqwik statistics): coverage, not a check. */
    private static void note(String outcome) {
        Statistics.label("steps").collect(outcome);
    }

    private void compareBoundsAndCounts() {
        same("bounds", model.bounds().join(), store.bounds().join(), (v, b) -> b);
        for (String user : USERS) {
            same("counts of " + user, model.counts(user, now).join(), store.counts(user, now).join(), (v, c) -> c);
        }
    }

    /** Every user's whole inbox, archive, preferences, counts and replay, and the whole log with targets. */
    private void compareEverything() {
        LogBounds bounds = same("bounds", model.bounds().join(), store.bounds().join(), (v, b) -> b);
        for (String user : USERS) {
            look(user, InboxQuery.MAX_LIMIT, false, false, false, null, null);
            look(user, InboxQuery.MAX_LIMIT, false, false, true, null, null);
            same("unread count of " + user, model.unreadCount(user, now).join(), store.unreadCount(user, now).join(),
                    (v, n) -> n);
            same("muted of " + user, model.muted(user).join(), store.muted(user).join(), (v, m) -> m);
            same("whole replay of " + user,
                    model.replay(user, bounds.horizon(), bounds.head(), Integer.MAX_VALUE).join(),
                    addressedTo(user, store.replay(user, bounds.horizon(), bounds.head(), Integer.MAX_VALUE).join()),
                    (v, items) -> v.items(items, false));
        }
        same("the whole log", model.range(0, bounds.head(), Integer.MAX_VALUE).join(),
                store.range(0, bounds.head(), Integer.MAX_VALUE).join(), (v, items) -> v.items(items, true));
    }

    /**
     * Fails unless both answers look the same; returns the model's answer. Replay and inbox answers
     * must also address the reader (checked on the store's own items).
     */
    private <T> T same(String what, T expected, T actual, java.util.function.BiFunction<Views, T, Object> view) {
        assertThat(view.apply(storeViews, actual))
                .as("step %d, %s: %s (at %d ms of the test clock)", step, current == null ? "final check" : current,
                        what, now - START)
                .isEqualTo(view.apply(modelViews, expected));
        return expected;
    }

    /** Replay and inbox answers may narrow a list target to the reader, but must address the reader. */
    private List<Item> addressedTo(String user, List<Item> items) {
        for (Item item : items) {
            assertThat(item.target().includes(user)).as("step %d, %s: %s is addressed to %s", step, current, item, user)
                    .isTrue();
        }
        return items;
    }

    @Override
    public void close() {
        try {
            nodes.forEach(Store::close);
        } finally {
            model.close();
        }
    }
}
