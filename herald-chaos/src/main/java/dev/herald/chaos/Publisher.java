package dev.herald.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chaos.History.Outcome;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A backend publishing notifications the way the docs tell it to: each with an idempotency key,
 * retried with the same key on any node of its group until one answers 202 or its deadline passes.
 * The title carries the user and the key, so the checker can tell every delivered item's origin.
 */
final class Publisher implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 60_000;

    private final Workload w;
    private final Random random;
    private final AtomicLong keys;
    private final long pauseMs;
    private final BooleanSupplier running;
    private final java.time.Duration timeout;

    /**
     * {@code timeout} is how long one attempt waits for its reply. Most backends give up after a few
     * seconds; a patient one (longer than the hub's own database timeouts) also sees the replies a
     * node sends when it gives up on its database, and so can hold the hub to what they say.
     */
    Publisher(Workload w, long seed, AtomicLong keys, long pauseMs, java.time.Duration timeout, BooleanSupplier running) {
        this.w = w;
        this.timeout = timeout;
        this.random = new Random(seed);
        this.keys = keys;
        this.pauseMs = pauseMs;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            String user = w.users.get(random.nextInt(w.users.size()));
            publish(user, "k" + keys.incrementAndGet(), running);
            sleep(pauseMs / 2 + random.nextInt((int) pauseMs + 1));
        }
    }

    /** One publish with all its retries; returns the acknowledged id or null. */
    String publish(String user, String key, BooleanSupplier keepTrying) {
        String group = w.groupOf(user);
        List<Integer> ports = w.portsOf(group);
        String body = "{\"userId\":\"" + user + "\",\"type\":\"chaos\",\"title\":\"" + Workload.title(user, key)
                + "\",\"idempotencyKey\":\"" + key + "\"}";
        long start = w.clock.ms();
        int attempts = 0;
        boolean onlyRefusals = true;
        long backoff = 200;
        while (true) {
            attempts++;
            int port = ports.get(random.nextInt(ports.size()));
            Http.Reply r = w.http.send("POST", port, "/v1/notifications", Workload.API_KEY, body, timeout);
            if (r.status() == 202) {
                String id = idOf(r.body());
                boolean replayed = attempts > 1 && onlyRefusals && r.replayed();
                w.history.publish(new History.Publish(key, user, group, start, w.clock.ms(), Outcome.ACKED, id, attempts,
                        replayed));
                return id;
            }
            if (r.none() || inDoubt(r)) {
                onlyRefusals = false; // it may have been stored: the retry's replay would be right
            } else if (r.status() != 503 && r.status() != 429) {
                w.history.unexpected.add(new History.Unexpected("publish " + key, "port " + port, r.status(), r.body(),
                        w.clock.ms()));
                onlyRefusals = false;
            }
            if (w.clock.ms() - start > DEADLINE_MS || !keepTrying.getAsBoolean()) {
                w.history.publish(new History.Publish(key, user, group, start, w.clock.ms(),
                        onlyRefusals ? Outcome.REFUSED : Outcome.UNKNOWN, null, attempts, false));
                return null;
            }
            sleep(backoff);
            backoff = Math.min(2_000, backoff * 2);
        }
    }

    /**
     * A 503 that says the database did not confirm the commit: unlike other refusals, the publish may
     * have been stored (api.md, store_unavailable), so it is no refusal to hold the hub to.
     */
    static boolean inDoubt(Http.Reply r) {
        return r.status() == 503 && r.body() != null && r.body().contains("may have been stored");
    }

    private static String idOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException("a 202 without an id: " + body, e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
