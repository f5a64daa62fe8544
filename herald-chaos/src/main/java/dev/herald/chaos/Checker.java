package dev.herald.chaos;

import dev.herald.chaos.Anomaly.Kind;
import dev.herald.chaos.History.InboxItem;
import dev.herald.chaos.History.InboxOp;
import dev.herald.chaos.History.InboxSnapshot;
import dev.herald.chaos.History.Outcome;
import dev.herald.chaos.History.Publish;
import dev.herald.chaos.History.Received;
import dev.herald.chaos.History.Stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proves the promises from the clients' records alone ({@link History}), after the run:
 * <ul>
 *   <li>every publish answered 202 reaches every stream of its user that was open when it was
 *       published (its number is above the stream's anchor), once, in order, whatever reconnects
 *       happened in between;</li>
 *   <li>no stream or inbox holds another user's item, or an item nobody published;</li>
 *   <li>the inbox converges: acknowledged deletes stay deleted, acknowledged reads stay read, nothing
 *       acknowledged is missing, and the counts match the items;</li>
 *   <li>preferences end as the last acknowledged change set them.</li>
 * </ul>
 * Operations whose outcome the client could not know ({@link Outcome#UNKNOWN}) may have happened or
 * not, but at most once.
 */
final class Checker {
    private Checker() {
    }

    static List<Anomaly> check(History h) {
        List<Anomaly> out = new ArrayList<>();
        Map<String, Publish> byKey = new HashMap<>();
        for (Publish p : h.publishes) {
            byKey.put(p.key(), p);
        }
        for (Publish p : h.publishes) {
            if (p.replayedAfterRefusals()) {
                out.add(new Anomaly(Kind.REFUSED_BUT_STORED, p.user(), p.key() + ": every attempt before was refused,"
                        + " yet the retry was answered as a replay of " + p.id(), p.endMs()));
            }
        }
        for (Stream s : h.streams) {
            checkStream(s, byKey, h, out);
        }
        for (InboxSnapshot snap : h.snapshots.values()) {
            checkInbox(snap, byKey, h, out);
        }
        for (History.Unexpected u : h.unexpected) {
            out.add(new Anomaly(Kind.UNEXPECTED_STATUS, u.node(), u.what() + " answered " + u.status() + ": " + u.body(),
                    u.atMs()));
        }
        return out;
    }

    private static void checkStream(Stream s, Map<String, Publish> byKey, History h, List<Anomaly> out) {
        String subject = s.name + " (" + s.user + ")";
        for (History.Reset r : s.resets) {
            out.add(new Anomaly(Kind.RESET, subject, "reset " + r.reason() + " after " + r.lastEventId(), r.atMs()));
        }
        Set<String> seenIds = new HashSet<>();
        Set<String> seenKeys = new HashSet<>();
        long last = Long.MIN_VALUE;
        for (Received r : s.received) {
            long seq = EventIds.seq(r.id());
            if (!seenIds.add(r.id())) {
                out.add(new Anomaly(Kind.DUPLICATE, subject, r.event() + " " + r.id() + " received again", r.atMs()));
            } else if (seq <= last) {
                out.add(new Anomaly(Kind.REORDERED, subject, r.event() + " " + r.id() + " after seq " + last, r.atMs()));
            }
            last = Math.max(last, seq);
            if (r.key() == null) {
                continue; // a sync event: ordered and once, like every item, but not a publish of ours
            }
            if (!s.user.equals(r.user())) {
                out.add(new Anomaly(Kind.FOREIGN, subject, r.id() + " is addressed to " + r.user(), r.atMs()));
            }
            Publish p = byKey.get(r.key());
            if (p == null) {
                out.add(new Anomaly(Kind.PHANTOM, subject, r.id() + " carries key " + r.key() + " nobody published",
                        r.atMs()));
                continue;
            }
            if (!p.user().equals(s.user)) {
                out.add(new Anomaly(Kind.FOREIGN, subject, r.id() + " (" + r.key() + ") was published to " + p.user(),
                        r.atMs()));
            }
            if (!seenKeys.add(r.key())) {
                out.add(new Anomaly(Kind.DUPLICATE, subject, "key " + r.key() + " delivered twice (now as " + r.id()
                        + "): the idempotent publish was stored twice", r.atMs()));
            }
            if (p.outcome() == Outcome.REFUSED) {
                out.add(new Anomaly(Kind.REFUSED_BUT_STORED, subject, r.id() + " (" + r.key() + ") was refused on every attempt"
                        + " but delivered", r.atMs()));
            }
            if (p.outcome() == Outcome.ACKED && !p.id().equals(r.id())) {
                out.add(new Anomaly(Kind.ID_MISMATCH, subject, r.key() + " acknowledged as " + p.id() + ", received as "
                        + r.id(), r.atMs()));
            }
        }
        if (s.anchor == null) {
            return; // never connected: nothing was promised to it
        }
        long anchor = EventIds.seq(s.anchor);
        for (Publish p : h.publishes) {
            if (p.outcome() == Outcome.ACKED && p.user().equals(s.user) && p.group().equals(s.group)
                    && EventIds.seq(p.id()) > anchor && !seenIds.contains(p.id())) {
                out.add(new Anomaly(Kind.LOST, subject, p.id() + " (" + p.key() + ", acknowledged at " + p.endMs()
                        + " ms) never arrived", p.endMs()));
            }
        }
        String fence = h.fences.get(s.user);
        if (fence != null && !s.hasKey(fence)) {
            out.add(new Anomaly(Kind.STALLED, subject, "never received its fence " + fence, 0));
        }
    }

    private static void checkInbox(InboxSnapshot snap, Map<String, Publish> byKey, History h, List<Anomaly> out) {
        String user = snap.user();
        Set<String> deleteAcked = new HashSet<>();
        Set<String> deleteTried = new HashSet<>();
        Set<String> readAcked = new HashSet<>();
        Set<String> readTried = new HashSet<>();
        for (InboxOp op : h.inboxOps) {
            if (!op.user().equals(user)) {
                continue;
            }
            if (op.kind().equals("delete")) {
                deleteTried.add(op.target());
                if (op.outcome() == Outcome.ACKED) {
                    deleteAcked.add(op.target());
                }
            } else if (op.kind().equals("read")) {
                readTried.add(op.target());
                if (op.outcome() == Outcome.ACKED) {
                    readAcked.add(op.target());
                }
            }
        }
        checkNotFound(user, h, out);
        Map<String, InboxItem> inbox = new HashMap<>();
        Set<String> keys = new HashSet<>();
        long unread = 0;
        for (InboxItem item : snap.items()) {
            if (inbox.put(item.id(), item) != null || (item.key() != null && !keys.add(item.key()))) {
                out.add(new Anomaly(Kind.DUPLICATE, "inbox " + user, item.id() + " (" + item.key() + ") listed twice", 0));
            }
            if (!item.read()) {
                unread++;
            }
            Publish p = item.key() == null ? null : byKey.get(item.key());
            if (p == null) {
                out.add(new Anomaly(Kind.PHANTOM, "inbox " + user, item.id() + " was never published", 0));
            } else if (p.outcome() == Outcome.REFUSED) {
                out.add(new Anomaly(Kind.REFUSED_BUT_STORED, "inbox " + user, item.id() + " (" + p.key()
                        + ") was refused on every attempt but is in the inbox", 0));
            } else if (!p.user().equals(user) || !user.equals(item.user())) {
                out.add(new Anomaly(Kind.FOREIGN, "inbox " + user, item.id() + " was published to " + p.user(), 0));
            }
            if (deleteAcked.contains(item.id())) {
                out.add(new Anomaly(Kind.INBOX_RESURRECTED, "inbox " + user, item.id() + " was deleted (204)", 0));
            }
            if (readAcked.contains(item.id()) && !item.read()) {
                out.add(new Anomaly(Kind.READ_LOST, "inbox " + user, item.id() + " was read (204) but is unread", 0));
            }
            if (item.read() && !readTried.contains(item.id())) {
                out.add(new Anomaly(Kind.READ_SPURIOUS, "inbox " + user, item.id() + " is read; nobody read it", 0));
            }
        }
        for (Publish p : h.publishes) {
            if (p.outcome() == Outcome.ACKED && p.user().equals(user) && !deleteTried.contains(p.id())
                    && !inbox.containsKey(p.id())) {
                out.add(new Anomaly(Kind.INBOX_MISSING, "inbox " + user, p.id() + " (" + p.key() + ") is not in the inbox",
                        p.endMs()));
            }
        }
        if (snap.unreadCount() != unread || snap.countsUnread() != unread || snap.countsTotal() != snap.items().size()) {
            out.add(new Anomaly(Kind.COUNT_MISMATCH, "inbox " + user, "items: " + snap.items().size() + " (" + unread
                    + " unread); unreadCount " + snap.unreadCount() + ", counts " + snap.countsUnread() + "/"
                    + snap.countsTotal(), 0));
        }
        checkPreferences(snap, h, out);
    }

    /** A 404 to a read or delete is right only if a delete of that notification was tried before it. */
    private static void checkNotFound(String user, History h, List<Anomaly> out) {
        Map<String, Long> firstDelete = new HashMap<>();
        for (InboxOp op : h.inboxOps) {
            if (op.user().equals(user) && op.kind().equals("delete")) {
                firstDelete.merge(op.target(), op.startMs(), Math::min);
            }
        }
        for (InboxOp op : h.inboxOps) {
            if (op.user().equals(user) && op.outcome() == Outcome.REFUSED) {
                Long deleted = firstDelete.get(op.target());
                if (deleted == null || deleted >= op.startMs()) {
                    out.add(new Anomaly(Kind.NOT_FOUND, "inbox " + user, op.kind() + " of " + op.target()
                            + " answered 404 though nobody had deleted it", op.startMs()));
                }
            }
        }
    }

    /**
     * The final preferences are the last acknowledged PUT's, or those of any PUT whose outcome is
     * unknown: the hub never abandons a write that waits for the database, so a PUT whose client gave
     * up may still be applied later, even after a later acknowledged one (as an indeterminate
     * operation may take effect at any time after it was sent).
     */
    private static void checkPreferences(InboxSnapshot snap, History h, List<Anomaly> out) {
        List<InboxOp> puts = h.inboxOps.stream()
                .filter(op -> op.user().equals(snap.user()) && op.kind().equals("preferences")).toList();
        Set<String> allowed = new HashSet<>();
        boolean anyAcked = false;
        for (int i = puts.size() - 1; i >= 0; i--) {
            InboxOp op = puts.get(i);
            if (op.outcome() == Outcome.UNKNOWN) {
                allowed.add(op.value());
            } else if (op.outcome() == Outcome.ACKED && !anyAcked) {
                allowed.add(op.value());
                anyAcked = true;
            }
        }
        if (!anyAcked) {
            allowed.add(Workload.DEFAULT_PREFERENCES);
        }
        if (snap.preferences() != null && !allowed.contains(snap.preferences())) {
            out.add(new Anomaly(Kind.PREFERENCES_DIVERGED, "preferences " + snap.user(), snap.preferences()
                    + " is none of " + allowed, 0));
        }
    }
}
