package dev.herald.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run: start the rig, start the clients, let the nemesis loose for the run's duration, heal
 * everything, let every stream catch up to a fence, read every inbox, and check.
 */
final class ChaosRun {
    /** What to run: the seed decides the clients' and the nemesis's choices. */
    record Options(long seed, Duration duration, Path heraldJar, Path out, int clusterUsers, int singleUsers,
                   int streamsPerUser, int publishers, long publishPauseMs, java.util.Set<String> faults) {
        static Options of(long seed, Duration duration, Path heraldJar, Path out) {
            return new Options(seed, duration, heraldJar, out, 6, 3, 2, 3, 60, null);
        }

        /** Only these kinds of fault (to reproduce one); null for all. */
        Options onlyFaults(java.util.Set<String> kinds) {
            return new Options(seed, duration, heraldJar, out, clusterUsers, singleUsers, streamsPerUser, publishers,
                    publishPauseMs, kinds);
        }
    }

    /** The verdict and everything the report shows. */
    record Result(Options options, History history, List<Fault.Event> timeline, List<Anomaly> anomalies,
                  List<String> unavailableFaults, long faultsEndMs, long endMs) {
        boolean passed() {
            return anomalies.isEmpty();
        }
    }

    /** Longer than the hub's PostgreSQL socket timeout (30 s). */
    static final Duration PATIENT = Duration.ofSeconds(45);

    private ChaosRun() {
    }

    static Result run(Options o) throws Exception {
        Clock clock = new Clock();
        Random random = new Random(o.seed());
        Path dir = o.out().resolve("work");
        log(clock, "starting PostgreSQL, Redis, 3 nodes and the single node in " + dir);
        try (Rig rig = Rig.start(o.heraldJar(), dir, 3)) {
            // Interrupted runs (Ctrl-C, a CI timeout) must not leave servers, nodes or a mount behind.
            Thread cleanup = new Thread(rig::close, "chaos-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                return run(o, clock, random, rig, dir);
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    private static Result run(Options o, Clock clock, Random random, Rig rig, Path dir) throws Exception {
        Workload w = new Workload(clock, o.clusterUsers(), o.singleUsers(), rig.ports());
        List<StreamClient> streams = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String user : w.users) {
            for (int i = 0; i < o.streamsPerUser(); i++) {
                History.Stream s = w.history.stream(user + "/" + i, user, w.groupOf(user));
                StreamClient c = new StreamClient(w, s, random.nextLong());
                streams.add(c);
                threads.add(start(w, "stream-" + s.name, c));
            }
        }
        if (!awaitCondition(clock, Duration.ofSeconds(60), "every stream to open",
                () -> w.history.streams.stream().allMatch(s -> s.anchor != null))) {
            throw new IllegalStateException("the streams did not open before any fault: see the nodes' logs in " + dir);
        }
        log(clock, "streams open; faults for " + o.duration().toSeconds() + " s");
        AtomicBoolean working = new AtomicBoolean(true);
        AtomicLong keys = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < o.publishers(); i++) {
            // The first publisher is patient: its attempts wait longer than a node waits for PostgreSQL.
            Duration timeout = i == 0 ? PATIENT : Duration.ofSeconds(5);
            workers.add(start(w, "publisher-" + i, new Publisher(w, random.nextLong(), keys, o.publishPauseMs(), timeout,
                    working::get)));
        }
        int inboxWorkers = 2;
        for (int i = 0; i < inboxWorkers; i++) {
            List<String> mine = new ArrayList<>();
            for (int u = i; u < w.users.size(); u += inboxWorkers) {
                mine.add(w.users.get(u));
            }
            workers.add(start(w, "inbox-" + i, new InboxWorker(w, mine, random.nextLong(), 150, working::get)));
        }
        List<String> unavailable = new ArrayList<>();
        List<Fault> catalogue = new ArrayList<>(Faults.catalogue(rig, new Random(random.nextLong()), unavailable));
        if (o.faults() != null) {
            catalogue.removeIf(f -> !o.faults().contains(f.kind()));
            if (catalogue.isEmpty()) {
                throw new IllegalArgumentException("no fault of the kinds " + o.faults() + " can run here");
            }
        }
        Nemesis nemesis = new Nemesis(catalogue, new Random(random.nextLong()), clock);
        nemesis.run(clock.ms() + o.duration().toMillis());
        long faultsEnd = clock.ms();
        log(clock, nemesis.timeline.size() + " faults injected and healed; quiescing");
        working.set(false);
        for (Thread t : workers) {
            t.join();
        }
        List<Anomaly> anomalies = new ArrayList<>(nemesis.anomalies);
        for (Node n : rig.allNodes()) {
            if (!n.awaitHealthy(Duration.ofSeconds(60))) {
                anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, n.id, "not healthy 60 s after the last fault: "
                        + n.healthBody(), clock.ms()));
            }
        }
        Publisher fencer = new Publisher(w, random.nextLong(), keys, 0, Duration.ofSeconds(5), () -> true);
        for (String user : w.users) {
            String key = "fence-" + user;
            if (fencer.publish(user, key, () -> true) != null) {
                w.history.fences.put(user, key);
            } else {
                anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, user, "its fence was not acknowledged", clock.ms()));
            }
        }
        boolean caughtUp = awaitCondition(clock, Duration.ofSeconds(60), "every stream to receive its fence",
                () -> w.history.streams.stream().allMatch(s -> {
                    String fence = w.history.fences.get(s.user);
                    return fence == null || s.hasKey(fence);
                }));
        log(clock, caughtUp ? "every stream reached its fence" : "some streams did not reach their fence");
        streams.forEach(StreamClient::stop);
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (String user : w.users) {
            try {
                w.history.snapshots.put(user, Snapshots.read(w, user));
            } catch (Exception e) {
                anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, user, "inbox unreadable: " + e.getMessage(), clock.ms()));
            }
        }
        anomalies.addAll(Checker.check(w.history));
        recordDataSizes(rig, o.out());
        log(clock, anomalies.isEmpty() ? "checked: no anomalies" : "checked: " + anomalies.size() + " anomalies");
        return new Result(o, w.history, List.copyOf(nemesis.timeline), anomalies, unavailable, faultsEnd, clock.ms());
    }

    /** What the single node's small disk holds at the end, for a run whose disk stayed full. */
    private static void recordDataSizes(Rig rig, Path out) {
        StringBuilder sb = new StringBuilder();
        Path data = rig.single.dataDir();
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(data)) {
            for (Path p : all.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                sb.append(java.nio.file.Files.size(p)).append('\t').append(data.relativize(p)).append('\n');
            }
            java.nio.file.Files.createDirectories(out);
            java.nio.file.Files.writeString(out.resolve("single-node-files.tsv"), sb.toString());
        } catch (java.io.IOException e) {
            // only a diagnostic
        }
    }

    /**
     * A client thread that dies would quietly test less (a stream that stops reading, a publisher
     * that stops publishing), so its death is an anomaly: it met something from the hub it could not
     * read, such as a malformed reply.
     */
    private static Thread start(Workload w, String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> w.history.unexpected.add(new History.Unexpected(
                "client thread " + thread.getName() + " died", "-", -1, e.toString(), w.clock.ms())));
        t.start();
        return t;
    }

    private static boolean awaitCondition(Clock clock, Duration timeout, String what,
                                          java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = clock.ms() + timeout.toMillis();
        while (clock.ms() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        log(clock, "gave up waiting for " + what);
        return condition.getAsBoolean();
    }

    static void log(Clock clock, String message) {
        System.out.printf("[chaos %7.1f s] %s%n", clock.ms() / 1000.0, message);
    }
}
