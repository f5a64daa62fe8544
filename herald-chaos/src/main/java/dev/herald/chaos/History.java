package dev.herald.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the clients did and saw, recorded as it happened. The checker reads only this: it
 * never asks the hub what it believes, so a hub that lies about its own state cannot pass.
 * Times are milliseconds since the run started, from one monotonic clock.
 */
final class History {
    /** How a client operation ended, as far as the client can know. */
    enum Outcome {
        /** The hub answered success: the operation happened. */
        ACKED,
        /** The hub answered that the operation did not apply (a 404; for a publish, only refusals such as 503). */
        REFUSED,
        /** No answer, or a retryable failure: it may or may not have happened. */
        UNKNOWN
    }

    /** One notification publish, over all its attempts with the same idempotency key. */
    record Publish(String key, String user, String group, long startMs, long endMs, Outcome outcome, String id,
                   int attempts, boolean replayedAfterRefusals) {
    }

    /** One item frame a stream received. */
    record Received(String id, String event, String user, String key, int connection, long atMs) {
    }

    /** One connection of a stream: where it went, when, and how it ended. */
    record Connection(String node, long startMs, long endMs, String ending) {
    }

    /** A `reset` a stream was sent (it should never be, in these runs). */
    record Reset(String reason, long atMs, String lastEventId) {
    }

    /** One inbox or preference change by a user. */
    record InboxOp(String user, String kind, String target, String value, long startMs, long endMs,
                   Outcome outcome, int status) {
    }

    /** A reply no correct hub gives to these requests (a 500, a 401, a 400 to a valid body...). */
    record Unexpected(String what, String node, int status, String body, long atMs) {
    }

    /** The final state of one user's inbox, read after the run when every fault was healed. */
    record InboxSnapshot(String user, List<InboxItem> items, long unreadCount, long countsUnread, long countsTotal,
                         String preferences) {
    }

    record InboxItem(String id, String user, String key, boolean read) {
    }

    /** One stream of one user: its anchor and everything it received, over every reconnect. */
    static final class Stream {
        final String name;
        final String user;
        final String group;
        volatile String anchor;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final List<Connection> connections = new CopyOnWriteArrayList<>();
        final List<Reset> resets = new CopyOnWriteArrayList<>();

        Stream(String name, String user, String group) {
            this.name = name;
            this.user = user;
            this.group = group;
        }

        boolean hasKey(String key) {
            for (Received r : received) {
                if (key.equals(r.key())) {
                    return true;
                }
            }
            return false;
        }
    }

    final List<Publish> publishes = new CopyOnWriteArrayList<>();
    final List<Stream> streams = new CopyOnWriteArrayList<>();
    final List<InboxOp> inboxOps = new CopyOnWriteArrayList<>();
    final List<Unexpected> unexpected = new CopyOnWriteArrayList<>();
    final Map<String, InboxSnapshot> snapshots = new ConcurrentHashMap<>();
    /** The users' fence publishes, sent after the faults stopped: every stream must reach its own. */
    final Map<String, String> fences = new ConcurrentHashMap<>();
    /** Acknowledged ids per user, for the inbox workers to pick targets from. */
    private final Map<String, List<String>> ackedIds = new ConcurrentHashMap<>();

    void publish(Publish p) {
        publishes.add(p);
        if (p.outcome() == Outcome.ACKED) {
            ackedIds.computeIfAbsent(p.user(), u -> Collections.synchronizedList(new ArrayList<>())).add(p.id());
        }
    }

    /** An acknowledged id of this user, or null if none yet. */
    String someAckedId(String user, java.util.Random random) {
        List<String> ids = ackedIds.get(user);
        if (ids == null) {
            return null;
        }
        synchronized (ids) {
            return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        }
    }

    Stream stream(String name, String user, String group) {
        Stream s = new Stream(name, user, group);
        streams.add(s);
        return s;
    }
}
