package dev.herald.chaos;

/**
 * One fault the nemesis can inject: what it does, to which target (a node, "redis", "postgres", the
 * single node's disk), and how it is healed. {@code apply} and {@code heal} block until done.
 */
interface Fault {
    String kind();

    /** Faults on the same target never overlap. */
    String target();

    /** Injects the fault; returns a short detail for the timeline (e.g. the skew chosen). */
    String apply() throws Exception;

    /** Undoes it; returns null, or why the target did not come back (an anomaly). */
    String heal() throws Exception;

    /** The least time it must be held to be the fault it is (a partition longer than a timeout). */
    default long minHoldMs() {
        return 0;
    }

    /** One injected fault on the timeline. */
    record Event(String kind, String target, long startMs, long endMs, String detail) {
    }
}
