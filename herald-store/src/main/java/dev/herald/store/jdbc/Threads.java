package dev.herald.store.jdbc;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: a store never keeps the JVM alive and always shows up by name in a dump. */
final class Threads {
    private Threads() {
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** A factory naming threads {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return body -> daemon(prefix + "-" + n.incrementAndGet(), body);
    }
}
