package dev.herald.core.store.model;

import dev.herald.core.inbox.InboxBulk;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * The generators of model runs: random interleavings of publishes (direct, listed and broadcast,
 * events and notifications, with and without idempotency keys and digests, now and then a flood),
 * time passing, retention, resumes from every kind of position, inbox changes single and bulk,
 * preferences, inbox reads, publisher edits and retractions, writes pipelined, restarts and a second
 * node. Values are few on purpose (three addressees, two categories, four keys), so commands keep
 * meeting each other's items.
 */
public final class Commands {
    private Commands() {
    }

    /** Runs of 1 to {@code maxCommands} commands. */
    public static Arbitrary<List<Command>> runs(int maxCommands) {
        // Uniform lengths: jqwik's default favours short lists, and most bugs need a history.
        return command().list().ofMinSize(1).ofMaxSize(maxCommands).withSizeDistribution(RandomDistribution.uniform());
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<Command> command() {
        return Arbitraries.frequencyOf(
                Tuple.of(85, single()),
                Tuple.of(15, write().list().ofMinSize(2).ofMaxSize(6).map(Command.Pipelined::new)));
    }

    /** The commands that change the store (what a pipeline is made of). */
    @SuppressWarnings("unchecked")
    private static Arbitrary<Command> write() {
        return Arbitraries.frequencyOf(
                Tuple.of(24, publish()),
                Tuple.of(4, Arbitraries.just(new Command.Prune())),
                Tuple.of(20, change()),
                Tuple.of(2, user().map(Command.ReadAll::new)),
                Tuple.of(6, bulk()),
                Tuple.of(3, preferences()),
                Tuple.of(3, edit()),
                Tuple.of(2, pick(15, 80, 5).map(Command.Retract::new)));
    }

    /** A command on its own: mostly a write, else a read, time passing, a flood, a restart, a node. */
    @SuppressWarnings("unchecked")
    private static Arbitrary<Command> single() {
        return Arbitraries.frequencyOf(
                Tuple.of(64, write()),
                Tuple.of(1, flood()),
                Tuple.of(8, tick()),
                Tuple.of(8, resume()),
                Tuple.of(2, range()),
                Tuple.of(5, look()),
                Tuple.of(1, Arbitraries.just(new Command.Restart())),
                Tuple.of(3, Arbitraries.integers().between(0, 1).map(Command.Node::new)));
    }

    private static Arbitrary<Command> publish() {
        return draft().list().ofMinSize(1).ofMaxSize(3).map(Command.Publish::new);
    }

    static Arbitrary<Draft> draft() {
        Arbitrary<Draft.Kind> kind = Arbitraries.frequency(Tuple.of(70, Draft.Kind.NOTIFICATION),
                Tuple.of(20, Draft.Kind.EVENT), Tuple.of(10, Draft.Kind.COLLAPSIBLE));
        Arbitrary<String> audience = Arbitraries.frequencyOf(
                Tuple.of(55, Arbitraries.of("ann", "bob", "cy")),
                Tuple.of(20, Arbitraries.of("ann+bob", "bob+cy", "cy+ann", "ann+bob+cy")),
                Tuple.of(25, Arbitraries.just("*")));
        Arbitrary<Long> ttl = Arbitraries.frequency(Tuple.of(10, 5_000L), Tuple.of(15, 20_000L), Tuple.of(25, 60_000L),
                Tuple.of(50, 600_000L));
        Arbitrary<String> key = Arbitraries.of("k0", "k1", "k2", "k3").injectNull(0.6);
        Arbitrary<String> digest = Arbitraries.of("d0", "d1").injectNull(0.5);
        Arbitrary<Integer> title = Arbitraries.integers().between(0, 99);
        Arbitrary<Integer> recipients = Arbitraries.integers().between(0, 3);
        return Combinators.combine(kind, audience, Arbitraries.of("t", "promo"), category(), percent(40), percent(50),
                        ttl, Combinators.combine(key, recipients, digest, title).as(java.util.Arrays::<Object>asList))
                .as((k, a, type, category, tagged, action, t, rest) -> {
                    boolean oneUser = !a.equals("*") && !a.contains("+");
                    String digestKey = k == Draft.Kind.NOTIFICATION && oneUser ? (String) rest.get(2) : null;
                    return new Draft(k, a, type, category, tagged, action, t, (String) rest.get(0),
                            (Integer) rest.get(1), digestKey, (Integer) rest.get(3));
                });
    }

    /**
     * 1,100 short-lived items at once: past a retention slice and a count snapshot's fold (1,000
     * each in the JDBC stores), without making every run slow.
     */
    private static Arbitrary<Command> flood() {
        Arbitrary<Draft> draft = Combinators.combine(Arbitraries.of(Draft.Kind.NOTIFICATION, Draft.Kind.EVENT),
                Arbitraries.of("*", "ann", "ann+bob"), category(), Arbitraries.of(5_000L, 20_000L))
                .as((kind, audience, category, ttl) -> new Draft(kind, audience, "t", category, false, false, ttl, null,
                        0, null, 7));
        return draft.map(d -> new Command.Flood(1_100, d));
    }

    private static Arbitrary<Command> tick() {
        // The windows' edges: sync retention 15 s, digests 30 s, idempotency keys 40 s, TTLs 5 s .. 10 min.
        return Arbitraries.frequency(Tuple.of(15, 1L), Tuple.of(25, 999L), Tuple.of(15, 5_000L), Tuple.of(10, 15_000L),
                Tuple.of(10, 20_000L), Tuple.of(8, 30_000L), Tuple.of(8, 40_000L), Tuple.of(6, 61_000L),
                Tuple.of(3, 600_000L)).map(Command.Tick::new);
    }

    private static Arbitrary<Command> resume() {
        return Combinators.combine(user(), position(), Arbitraries.of(1, 2, 3, 100),
                Arbitraries.of(1L, 150L, 400L, Long.MAX_VALUE)).as(Command.Resume::new);
    }

    private static Arbitrary<Command> range() {
        return Combinators.combine(position(), Arbitraries.of(1, 3, 1000)).as(Command.Range::new);
    }

    private static Arbitrary<Command> change() {
        return Combinators.combine(user(), Arbitraries.of(Command.Op.class), pick(75, 10, 15)).as(Command.Change::new);
    }

    private static Arbitrary<Command> bulk() {
        Arbitrary<List<Command.Pick>> picks = pick(75, 10, 15).list().ofMinSize(1).ofMaxSize(5).injectNull(0.5);
        return Combinators.combine(user(), Arbitraries.of(InboxBulk.Action.class), picks, category().injectNull(0.5),
                Arbitraries.of(true, false).injectNull(0.6), Arbitraries.of(true, false).injectNull(0.6))
                .as(Command.Bulk::new);
    }

    private static Arbitrary<Command> preferences() {
        // Repeats and order on purpose: the stores keep each name once, in the order first given.
        Arbitrary<List<String>> types = Arbitraries.of("t", "promo").list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<List<String>> categories = Arbitraries.of("social", "billing").list().ofMaxSize(3).injectNull(0.3);
        return Combinators.combine(user(), types, categories, Arbitraries.of(true, false).injectNull(0.5))
                .as(Command.Preferences::new);
    }

    private static Arbitrary<Command> look() {
        return Combinators.combine(user(), Arbitraries.of(1, 2, 5, 100), percent(25), percent(15), percent(25),
                category().injectNull(0.5), Arbitraries.of("a", "zz").injectNull(0.7)).as(Command.Look::new);
    }

    private static Arbitrary<Command> edit() {
        return Combinators.combine(pick(15, 80, 5), Arbitraries.integers().between(0, 99), category())
                .as(Command.Edit::new);
    }

    private static Arbitrary<String> user() {
        return Arbitraries.of("ann", "bob", "cy", "dan");
    }

    private static Arbitrary<String> category() {
        return Arbitraries.of("social", "billing").injectNull(0.4);
    }

    private static Arbitrary<Boolean> percent(int trueInHundred) {
        return Arbitraries.frequency(Tuple.of(trueInHundred, true), Tuple.of(100 - trueInHundred, false));
    }

    /** A pick weighted between the user's notifications, any notification and any number. */
    private static Arbitrary<Command.Pick> pick(int mine, int notification, int any) {
        Arbitrary<Command.Scope> scope = Arbitraries.frequency(Tuple.of(mine, Command.Scope.MINE),
                Tuple.of(notification, Command.Scope.NOTIFICATION), Tuple.of(any, Command.Scope.ANY));
        // Biased towards 0, which History reads as the newest: recent notifications are still in the inbox.
        return Combinators.combine(scope, Arbitraries.integers().between(0, 1000)
                .withDistribution(RandomDistribution.biased())).as(Command.Pick::new);
    }

    private static Arbitrary<Command.Position> position() {
        return Combinators.combine(Arbitraries.of(Command.Anchor.class), Arbitraries.integers().between(0, 100))
                .as(Command.Position::new);
    }
}
