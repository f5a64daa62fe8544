package dev.herald.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The catalogue of faults, built for the rig at hand (some need root or libfaketime). */
final class Faults {
    static final Duration RESTART_WAIT = Duration.ofSeconds(90);
    /** Every kind {@link #catalogue} can make, for checking what a user asks for by name. */
    static final java.util.Set<String> KINDS = java.util.Set.of("kill", "pause", "drain", "clock-skew",
            "partition-redis", "latency-redis", "partition-postgres", "latency-postgres", "partition-postgres-long",
            "redis-restart", "redis-pause", "postgres-restart", "disk-full");
    /** The hub's default (PostgresSettings): how long one statement may wait on the network. */
    static final long POSTGRES_SOCKET_TIMEOUT_MS = 30_000;

    private Faults() {
    }

    /** Every fault this rig can inject; {@code unavailable} gets a line per kind that cannot run here, and why. */
    static List<Fault> catalogue(Rig rig, Random random, List<String> unavailable) {
        List<Fault> all = new ArrayList<>();
        List<Node> nodes = new ArrayList<>(rig.clusterNodes);
        if (rig.single != null) {
            nodes.add(rig.single);
        }
        for (Node n : nodes) {
            all.add(kill(n));
            all.add(pause(n));
            all.add(drain(n));
            if (ClockSkew.library() != null) {
                all.add(skew(n, random));
            }
        }
        if (ClockSkew.library() == null) {
            unavailable.add("clock-skew: libfaketime is not installed (Debian package faketime)");
        }
        for (Node n : rig.clusterNodes) {
            for (String link : List.of("redis", "postgres")) {
                Proxy p = rig.proxy(n, link);
                all.add(simple("partition-" + link, n.id, () -> {
                    p.partition(true);
                    return "";
                }, () -> {
                    p.partition(false);
                    return null;
                }));
                all.add(simple("latency-" + link, n.id, () -> {
                    int ms = 20 + random.nextInt(280);
                    p.delay(ms);
                    return ms + " ms per chunk";
                }, () -> {
                    p.delay(0);
                    return null;
                }));
            }
        }
        for (Node n : rig.clusterNodes) {
            // Past the hub's PostgreSQL socket timeout (30 s): the node gives up on a statement whose
            // bytes are still on their way, as it would behind a real partition that outlasts it.
            Proxy p = rig.proxy(n, "postgres");
            all.add(held(simple("partition-postgres-long", n.id, () -> {
                p.partition(true);
                return "";
            }, () -> {
                p.partition(false);
                return null;
            }), POSTGRES_SOCKET_TIMEOUT_MS + 1_000));
        }
        all.add(simple("redis-restart", "redis", () -> {
            rig.redis.kill();
            return "";
        }, () -> {
            rig.redis.start();
            return null;
        }));
        all.add(simple("redis-pause", "redis", () -> {
            Signals.send("STOP", rig.redis.pid());
            return "";
        }, () -> {
            Signals.send("CONT", rig.redis.pid());
            return null;
        }));
        all.add(simple("postgres-restart", "postgres", () -> {
            rig.postgres.crash();
            return "-m immediate";
        }, () -> {
            rig.postgres.start();
            return null;
        }));
        if (rig.disk != null) {
            all.add(simple("disk-full", "disk", () -> rig.disk.fill() / 1024 + " KiB written to fill it", () -> {
                rig.disk.free();
                return null;
            }));
        } else if (rig.single != null) {
            unavailable.add("disk-full: a tmpfs cannot be mounted here (needs root)");
        }
        return all;
    }

    private static Fault kill(Node n) {
        return simple("kill", n.id, () -> {
            n.kill9();
            return "";
        }, () -> restart(n, null));
    }

    private static Fault pause(Node n) {
        return simple("pause", n.id, () -> {
            n.pause();
            return "SIGSTOP";
        }, () -> {
            n.resume();
            return null;
        });
    }

    private static Fault drain(Node n) {
        return simple("drain", n.id, () -> {
            if (!n.drain(Duration.ofSeconds(30))) {
                n.kill9();
                return "did not exit within 30 s of SIGTERM: killed";
            }
            return "";
        }, () -> restart(n, null));
    }

    /** The node is restarted (gracefully) with its wall clock off by up to five minutes, then back. */
    private static Fault skew(Node n, Random random) {
        return simple("clock-skew", n.id, () -> {
            int seconds = (30 + random.nextInt(270)) * (random.nextBoolean() ? 1 : -1);
            String offset = (seconds > 0 ? "+" : "") + seconds + "s";
            if (!n.drain(Duration.ofSeconds(30))) {
                n.kill9();
            }
            String failed = restart(n, offset);
            if (failed != null) {
                throw new IllegalStateException(failed + " (clock " + offset + ")");
            }
            return offset;
        }, () -> {
            if (!n.drain(Duration.ofSeconds(30))) {
                n.kill9();
            }
            return restart(n, null);
        });
    }

    private static String restart(Node n, String clockOffset) throws Exception {
        n.start(clockOffset);
        return n.awaitReady(RESTART_WAIT) ? null : n.id + " did not answer /health within " + RESTART_WAIT.toSeconds()
                + " s of its restart";
    }

    /** The fault, held for at least {@code minHoldMs} each time. */
    static Fault held(Fault f, long minHoldMs) {
        Simple s = (Simple) f;
        return new Simple(s.kind(), s.target(), s.applyStep(), s.healStep(), minHoldMs);
    }

    interface Step {
        String run() throws Exception;
    }

    static Fault simple(String kind, String target, Step apply, Step heal) {
        if (!KINDS.contains(kind)) {
            throw new IllegalStateException("a fault kind missing from KINDS: " + kind); // --faults checks names there
        }
        return new Simple(kind, target, apply, heal, 0);
    }

    /** A fault made of two steps. */
    record Simple(String kind, String target, Step applyStep, Step healStep, long minHoldMs) implements Fault {
        @Override
        public String apply() throws Exception {
            return applyStep.run();
        }

        @Override
        public String heal() throws Exception {
            return healStep.run();
        }
    }
}
