package dev.herald.chaos;

/** Milliseconds since the run started, monotonic, shared by every record of the run. */
final class Clock {
    private final long origin = System.nanoTime();

    long ms() {
        return (System.nanoTime() - origin) / 1_000_000;
    }
}
