package dev.herald.chaos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Picks faults at random from the catalogue, one or two at a time on different targets, holds them
 * for a while and heals them, until the run's time is up. Its choices come from the run's seed, so
 * a seed replays the same schedule of faults (the hub's own timing still varies).
 */
final class Nemesis {
    private final List<Fault> catalogue;
    private final List<String> kinds;
    private final Random random;
    private final Clock clock;
    final List<Fault.Event> timeline = new CopyOnWriteArrayList<>();
    final List<Anomaly> anomalies = new CopyOnWriteArrayList<>();

    Nemesis(List<Fault> catalogue, Random random, Clock clock) {
        this.catalogue = catalogue;
        this.kinds = catalogue.stream().map(Fault::kind).distinct().toList();
        this.random = random;
        this.clock = clock;
    }

    /** Runs until {@code endMs}; every fault it applied is healed when it returns. */
    void run(long endMs) throws InterruptedException {
        while (clock.ms() < endMs) {
            Thread.sleep(500 + random.nextInt(2_500));
            if (clock.ms() >= endMs) {
                break;
            }
            int count = random.nextInt(10) < 3 ? 2 : 1;
            List<Fault> chosen = pick(count);
            List<Long> starts = new ArrayList<>();
            List<String> details = new ArrayList<>();
            try {
                for (Fault f : chosen) {
                    starts.add(clock.ms());
                    details.add(apply(f));
                }
                long hold = 1_000 + random.nextInt(5_000);
                for (Fault f : chosen) {
                    hold = Math.max(hold, f.minHoldMs() + random.nextInt(5_000));
                }
                Thread.sleep(hold);
            } finally {
                for (int i = starts.size() - 1; i >= 0; i--) {
                    Fault f = chosen.get(i);
                    heal(f);
                    timeline.add(new Fault.Event(f.kind(), f.target(), starts.get(i), clock.ms(), details.get(i)));
                }
            }
        }
    }

    /**
     * A kind first, then one of its targets: picking among all faults alike would make the kinds with
     * a fault per node (kill, pause...) several times likelier than Redis's or PostgreSQL's.
     */
    private List<Fault> pick(int count) {
        List<Fault> chosen = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int tries = 0; chosen.size() < count && tries < 50; tries++) {
            String kind = kinds.get(random.nextInt(kinds.size()));
            List<Fault> ofKind = catalogue.stream().filter(f -> f.kind().equals(kind)).toList();
            Fault f = ofKind.get(random.nextInt(ofKind.size()));
            if (targets.add(f.target())) {
                chosen.add(f);
            }
        }
        return chosen;
    }

    private String apply(Fault f) {
        try {
            return f.apply();
        } catch (Exception e) {
            anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, f.target(), f.kind() + ": " + e.getMessage(), clock.ms()));
            return "failed: " + e.getMessage();
        }
    }

    private void heal(Fault f) {
        try {
            String failed = f.heal();
            if (failed != null) {
                anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, f.target(), f.kind() + ": " + failed, clock.ms()));
            }
        } catch (Exception e) {
            anomalies.add(new Anomaly(Anomaly.Kind.UNAVAILABLE, f.target(), f.kind() + " could not be healed: " + e,
                    clock.ms()));
        }
    }
}
