package dev.herald.chaos;

import dev.herald.chaos.History.Outcome;

import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Users working their inboxes: reading and deleting notifications they were sent, and changing their
 * preferences, through any node of their group. Each user belongs to one worker, so a user's changes
 * happen one after another and "the last acknowledged change" is well defined.
 */
final class InboxWorker implements Runnable {
    private final Workload w;
    private final List<String> users;
    private final Random random;
    private final long pauseMs;
    private final BooleanSupplier running;

    InboxWorker(Workload w, List<String> users, long seed, long pauseMs, BooleanSupplier running) {
        this.w = w;
        this.users = users;
        this.random = new Random(seed);
        this.pauseMs = pauseMs;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            String user = users.get(random.nextInt(users.size()));
            int roll = random.nextInt(10);
            if (roll < 2) {
                preferences(user);
            } else {
                String id = w.history.someAckedId(user, random);
                if (id != null) {
                    change(user, roll < 7 ? "read" : "delete", id);
                }
            }
            Publisher.sleep(pauseMs / 2 + random.nextInt((int) pauseMs + 1));
        }
    }

    private int port(String user) {
        List<Integer> ports = w.portsOf(w.groupOf(user));
        return ports.get(random.nextInt(ports.size()));
    }

    private void change(String user, String kind, String id) {
        int port = port(user);
        long start = w.clock.ms();
        Http.Reply r = kind.equals("read")
                ? w.http.send("POST", port, "/v1/me/notifications/" + id + "/read", Tokens.mint(Workload.JWT_SECRET, user), null)
                : w.http.send("DELETE", port, "/v1/me/notifications/" + id, Tokens.mint(Workload.JWT_SECRET, user), null);
        w.history.inboxOps.add(new History.InboxOp(user, kind, id, null, start, w.clock.ms(), outcome(r, kind, port),
                r.status()));
    }

    private void preferences(String user) {
        String category = "muted" + random.nextInt(4);
        boolean push = random.nextBoolean();
        String value = "categories=[" + category + "] push=" + push;
        int port = port(user);
        long start = w.clock.ms();
        Http.Reply r = w.http.send("PUT", port, "/v1/me/preferences", Tokens.mint(Workload.JWT_SECRET, user),
                "{\"mutedCategories\":[\"" + category + "\"],\"push\":" + push + "}");
        w.history.inboxOps.add(new History.InboxOp(user, "preferences", null, value, start, w.clock.ms(),
                outcome(r, "preferences", port), r.status()));
    }

    /** 2xx happened; 404 did not (the checker judges whether it should have); 503 or no answer: unknown. */
    private Outcome outcome(Http.Reply r, String what, int port) {
        if (r.status() >= 200 && r.status() < 300) {
            return Outcome.ACKED;
        }
        if (r.status() == 404) {
            return Outcome.REFUSED;
        }
        if (!r.none() && r.status() != 503 && r.status() != 429) {
            w.history.unexpected.add(new History.Unexpected(what, "port " + port, r.status(), r.body(), w.clock.ms()));
        }
        return Outcome.UNKNOWN;
    }
}
