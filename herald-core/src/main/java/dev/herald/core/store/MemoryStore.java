package dev.herald.core.store;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.NotificationActions;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.DigestMerge;
import dev.herald.core.item.EventId;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.push.PendingPush;
import dev.herald.core.push.PushSubscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The reference {@link Store}: everything in memory, gone when the process ends (so its epoch is new
 * at every start). One lock makes the sequence dense and in commit order by construction, and makes
 * each inbox change atomic with its sync item. Used by tests and as the model the durable stores are
 * checked against.
 */
public final class MemoryStore implements Store {
    private final String epoch = EventId.newEpoch();
    private final long idempotencyWindowMillis;
    private final long syncRetentionMillis;
    private final TreeMap<Long, Item> log = new TreeMap<>();
    private final Map<String, KeptReply> replies = new HashMap<>();
    private final Map<String, UserState> users = new HashMap<>();
    /** Open digests by user and key (see {@link #digested}). */
    private final Map<List<String>, OpenDigest> digests = new HashMap<>();
    /** Push subscriptions by endpoint, in insertion order (a moved endpoint goes to the end). */
    private final Map<String, PushSubscription> pushSubscriptions = new LinkedHashMap<>();
    /** The push queue: pending pushes by id, with their due time and claim. */
    private final TreeMap<Long, QueuedPush> pushQueue = new TreeMap<>();
    private long pushCursor = -1;
    private long nextPushId;

    private record QueuedPush(PendingPush push, long dueAt, long claimedUntil) {
    }
    private static final long MARKED_UNREAD = -1;
    private long head;
    private long horizon;
    private boolean closed;

    private record KeptReply(Item item, int recipients, long expiresAtMillis) {
    }

    private record OpenDigest(long seq, long count, long windowEndMillis) {
    }

    /** One user's inbox state: only what they changed, never a row per broadcast. */
    private static final class UserState {
        long readThroughSeq;
        long readThroughAt;
        /** An individual read time, or {@link #MARKED_UNREAD} to undo the read-through mark for one. */
        final Map<Long, Long> readAt = new HashMap<>();
        final Map<Long, Long> seenAt = new HashMap<>();
        final Map<Long, Long> archivedAt = new HashMap<>();
        final Map<Long, Long> actedAt = new HashMap<>();
        final Map<Long, String> actionId = new HashMap<>();
        final Set<Long> deleted = new HashSet<>();
        Muted muted = Muted.NONE;
    }

    public MemoryStore(StoreOptions options) {
        this.idempotencyWindowMillis = options.idempotencyWindow().toMillis();
        this.syncRetentionMillis = options.syncRetention().toMillis();
    }

    public MemoryStore() {
        this(StoreOptions.defaults());
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public synchronized CompletableFuture<List<Appended>> append(List<NewItem> items) {
        if (closed) {
            return closedFuture();
        }
        List<Appended> out = new ArrayList<>(items.size());
        for (NewItem n : items) {
            Idempotency key = n.idempotency();
            KeptReply kept = key == null ? null : replies.get(key.scopedKey());
            if (kept != null && kept.expiresAtMillis > n.createdAtMillis()) {
                out.add(new Appended(kept.item, true, kept.recipients));
                continue;
            }
            Appended appended = n.digest() == null
                    ? new Appended(appendOne(n), false, key == null ? -1 : key.recipients())
                    : digested(n, key == null ? -1 : key.recipients());
            if (key != null) {
                replies.put(key.scopedKey(), new KeptReply(appended.item(), key.recipients(),
                        n.createdAtMillis() + idempotencyWindowMillis));
            }
            out.add(appended);
        }
        return CompletableFuture.completedFuture(out);
    }

    private Item appendOne(NewItem n) {
        Item item = new Item(epoch, ++head, n);
        log.put(item.seq(), item);
        return item;
    }

    /**
     * A notification with a digest: merged into its user's open digest of that key while the window
     * is open and the digest's notification is still in the inbox (not expired, deleted, archived or
     * retracted), else appended as the start of a new digest.
     */
    private Appended digested(NewItem n, int recipients) {
        String userId = n.target().userId();
        List<String> id = List.of(userId, n.digest().key());
        long now = n.createdAtMillis();
        OpenDigest open = digests.get(id);
        UserState u = state(userId);
        Item item = open == null || now >= open.windowEndMillis() ? null : log.get(open.seq());
        if (item == null || !inInbox(item, userId, u, now) || u.archivedAt.containsKey(item.seq())) {
            Item started = appendOne(n);
            digests.put(id, new OpenDigest(started.seq(), 1, now + n.digest().windowMillis()));
            return new Appended(started, false, recipients, DigestStep.STARTED);
        }
        long count = open.count() + 1;
        byte[] content = DigestMerge.merged(item.content(), n, count);
        Item merged = new Item(epoch, item.seq(), ItemKind.NOTIFICATION, item.target(), item.event(), n.type(),
                n.category(), content, item.createdAtMillis(), item.expiresAtMillis(), n.acceptedNanos());
        log.put(item.seq(), merged);
        digests.put(id, new OpenDigest(item.seq(), count, open.windowEndMillis()));
        List<Item> updates = new ArrayList<>(2);
        updates.add(appendOne(SyncItems.updated(item.target(), item.id(), content, now, syncRetentionMillis)));
        if (readAt(u, item.seq()) != 0 || seenAt(u, item.seq()) != 0) {
            // Something new in it: unread and unseen again, so the badge shows it.
            u.readAt.put(item.seq(), MARKED_UNREAD);
            u.seenAt.remove(item.seq());
            InboxCounts counts = countsOf(userId, u, now);
            updates.add(appendOne(SyncItems.state(userId, SyncItems.UNREAD, item.id(), 0, 0, 0, counts, now,
                    syncRetentionMillis)));
        }
        return new Appended(merged, false, recipients, new DigestStep(true, count, updates));
    }

    @Override
    public synchronized CompletableFuture<LogBounds> bounds() {
        return closed ? closedFuture() : CompletableFuture.completedFuture(new LogBounds(horizon, head));
    }

    @Override
    public synchronized CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit,
                                                            long maxBytes) {
        if (closed) {
            return closedFuture();
        }
        List<Item> out = new ArrayList<>();
        long bytes = 0;
        for (Item item : between(afterSeq, uptoSeq)) {
            if (out.size() >= limit || bytes >= maxBytes) {
                break;
            }
            if (item.target().includes(userId)) {
                out.add(item);
                bytes += item.content().length;
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<List<Item>> range(long afterSeq, long uptoSeq, int limit) {
        if (closed) {
            return closedFuture();
        }
        List<Item> out = new ArrayList<>();
        for (Item item : between(afterSeq, uptoSeq)) {
            if (out.size() >= limit) {
                break;
            }
            out.add(item);
        }
        return CompletableFuture.completedFuture(out);
    }

    /**
     * The items with {@code afterSeq < seq <= uptoSeq}: none when {@code afterSeq >= uptoSeq}, as the
     * durable stores answer (a TreeMap refuses such a range with an exception).
     */
    private Collection<Item> between(long afterSeq, long uptoSeq) {
        return afterSeq >= uptoSeq ? List.of() : log.subMap(afterSeq, false, uptoSeq, true).values();
    }

    @Override
    public synchronized CompletableFuture<Integer> prune(long nowMillis) {
        if (closed) {
            return closedFuture();
        }
        int removed = 0;
        for (Iterator<Item> it = log.values().iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (item.expiresAtMillis() <= nowMillis) {
                horizon = Math.max(horizon, item.seq());
                it.remove();
                removed++;
                for (UserState u : users.values()) {
                    u.readAt.remove(item.seq());
                    u.seenAt.remove(item.seq());
                    u.archivedAt.remove(item.seq());
                    u.deleted.remove(item.seq());
                }
            }
        }
        replies.values().removeIf(r -> r.expiresAtMillis <= nowMillis);
        digests.values().removeIf(d -> d.windowEndMillis() <= nowMillis);
        return CompletableFuture.completedFuture(removed);
    }

    // ---- publisher edits and retractions ----

    @Override
    public CompletableFuture<PublisherChange> edit(long seq, NotificationEdit edit, long nowMillis) {
        return locked(() -> {
            Item item = log.get(seq);
            if (item == null || item.kind() != ItemKind.NOTIFICATION || item.expiresAtMillis() <= nowMillis) {
                return PublisherChange.notFound();
            }
            NotificationEdit.Edited next = edit.apply(item.content());
            Item edited = new Item(epoch, seq, ItemKind.NOTIFICATION, item.target(), item.event(), item.type(),
                    next.category(), next.content(), item.createdAtMillis(), item.expiresAtMillis(), 0);
            log.put(seq, edited);
            Item change = appendOne(SyncItems.updated(item.target(), item.id(), next.content(), nowMillis,
                    syncRetentionMillis));
            return new PublisherChange(true, edited, change);
        });
    }

    @Override
    public CompletableFuture<PublisherChange> retract(long seq, long nowMillis) {
        return locked(() -> {
            Item item = log.get(seq);
            if (item == null || item.expiresAtMillis() <= nowMillis) {
                return PublisherChange.notFound();
            }
            if (item.kind() == ItemKind.RETRACTED) {
                return new PublisherChange(true, null, null);
            }
            if (item.kind() != ItemKind.NOTIFICATION) {
                return PublisherChange.notFound();
            }
            // The number stays (the log stays dense); the text goes. Per-user marks stay until
            // retention removes the row, like for any notification.
            log.put(seq, new Item(epoch, seq, ItemKind.RETRACTED, item.target(), item.event(), item.type(),
                    item.category(), SyncItems.retractedContent(), item.createdAtMillis(), item.expiresAtMillis(), 0));
            // Its earlier updates carry copies of its text: they go too (same number, never delivered).
            String updateOf = "{\"id\":\"" + item.id() + "\",";
            for (Map.Entry<Long, Item> e : log.tailMap(seq, false).entrySet()) {
                Item later = e.getValue();
                if (later.kind() == ItemKind.SYNC && later.event().equals(SyncItems.UPDATED)
                        && later.dataJson().startsWith(updateOf)) {
                    e.setValue(new Item(epoch, later.seq(), ItemKind.RETRACTED, later.target(), later.event(), null,
                            null, SyncItems.retractedContent(), later.createdAtMillis(), later.expiresAtMillis(), 0));
                }
            }
            Item change = appendOne(SyncItems.retracted(item.target(), item.id(), nowMillis, syncRetentionMillis));
            return new PublisherChange(true, null, change);
        });
    }

    // ---- inbox ----

    @Override
    public CompletableFuture<InboxPage> list(String userId, InboxQuery query, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            List<InboxEntry> page = new ArrayList<>();
            Map<Long, Item> newestFirst = query.beforeSeq() == 0 ? log.descendingMap()
                    : log.headMap(query.beforeSeq(), false).descendingMap();
            boolean more = false;
            for (Item item : newestFirst.values()) {
                if (!inInbox(item, userId, u, nowMillis)) {
                    continue;
                }
                InboxEntry entry = entry(u, item);
                if (!query.matches(entry)) {
                    continue;
                }
                if (page.size() == query.limit()) {
                    more = true;
                    break;
                }
                page.add(entry);
            }
            long next = more ? page.get(page.size() - 1).item().seq() : 0;
            return new InboxPage(page, unread(userId, u, nowMillis), next);
        });
    }

    @Override
    public CompletableFuture<Integer> unreadCount(String userId, long nowMillis) {
        return locked(() -> unread(userId, state(userId), nowMillis));
    }

    @Override
    public CompletableFuture<InboxCounts> counts(String userId, long nowMillis) {
        return locked(() -> countsOf(userId, state(userId), nowMillis));
    }

    // The model counts by walking the whole log: simple, and the durable stores are checked against it.
    private InboxCounts countsOf(String userId, UserState u, long nowMillis) {
        Map<String, InboxCounts.Counts> byCategory = new HashMap<>();
        InboxCounts.Counts none = InboxCounts.Counts.NONE;
        for (Item item : log.values()) {
            if (!inInbox(item, userId, u, nowMillis) || u.archivedAt.containsKey(item.seq())) {
                continue;
            }
            InboxCounts.Counts one = new InboxCounts.Counts(readAt(u, item.seq()) == 0 ? 1 : 0,
                    seenAt(u, item.seq()) == 0 ? 1 : 0, 1);
            if (item.category() == null) {
                none = none.plus(one);
            } else {
                byCategory.merge(item.category(), one, InboxCounts.Counts::plus);
            }
        }
        return InboxCounts.of(byCategory, none);
    }

    @Override
    public CompletableFuture<InboxChange> markRead(String userId, long seq, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            Item item = log.get(seq);
            if (item == null || !inInbox(item, userId, u, nowMillis)) {
                return InboxChange.notFound();
            }
            if (readAt(u, seq) == 0) {
                u.readAt.put(seq, nowMillis);
            }
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.read(userId, item.id(), readAt(u, seq), counts, nowMillis, syncRetentionMillis),
                    counts);
        });
    }

    @Override
    public CompletableFuture<InboxChange> markSeen(String userId, long seq, long nowMillis) {
        return stateChange(userId, seq, nowMillis, SyncItems.SEEN, u -> {
            if (seenAt(u, seq) == 0) {
                u.seenAt.put(seq, nowMillis);
            }
        });
    }

    @Override
    public CompletableFuture<InboxChange> markUnread(String userId, long seq, long nowMillis) {
        return stateChange(userId, seq, nowMillis, SyncItems.UNREAD, u -> {
            long readAt = readAt(u, seq);
            if (readAt != 0) {
                // It was seen when it was read at the latest: keep that, so unread never means unseen.
                u.seenAt.putIfAbsent(seq, readAt);
                u.readAt.put(seq, MARKED_UNREAD);
            }
        });
    }

    @Override
    public CompletableFuture<InboxChange> archive(String userId, long seq, long nowMillis) {
        return stateChange(userId, seq, nowMillis, SyncItems.ARCHIVED, u -> u.archivedAt.putIfAbsent(seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> unarchive(String userId, long seq, long nowMillis) {
        return stateChange(userId, seq, nowMillis, SyncItems.UNARCHIVED, u -> u.archivedAt.remove(seq));
    }

    private CompletableFuture<InboxChange> stateChange(String userId, long seq, long nowMillis, String event,
                                                       Consumer<UserState> change) {
        return locked(() -> {
            UserState u = state(userId);
            Item item = log.get(seq);
            if (item == null || !inInbox(item, userId, u, nowMillis)) {
                return InboxChange.notFound();
            }
            change.accept(u);
            InboxEntry after = entry(u, item);
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.state(userId, event, item.id(), after.seenAtMillis(), after.readAtMillis(),
                    after.archivedAtMillis(), counts, nowMillis, syncRetentionMillis), counts);
        });
    }

    @Override
    public CompletableFuture<InboxChange> act(String userId, long seq, String actionId, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            Item item = log.get(seq);
            if (item == null || !inInbox(item, userId, u, nowMillis) || !NotificationActions.has(item.content(), actionId)) {
                return InboxChange.notFound();
            }
            if (!u.actedAt.containsKey(seq)) {
                u.actedAt.put(seq, nowMillis);
                u.actionId.put(seq, actionId);
            }
            // Acting reads it (and so sees it); a read time it already has stays.
            if (readAt(u, seq) == 0) {
                u.readAt.put(seq, nowMillis);
            }
            InboxEntry after = entry(u, item);
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.acted(userId, item.id(), after.actionId(), after.actedAtMillis(),
                    after.seenAtMillis(), after.readAtMillis(), after.archivedAtMillis(), counts, nowMillis,
                    syncRetentionMillis), counts);
        });
    }

    @Override
    public CompletableFuture<InboxBulkChange> bulk(String userId, InboxBulk bulk, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            List<Long> targets = new ArrayList<>();
            if (bulk.isReadOfEverythingUnarchived()) {
                return readThrough(userId, u, bulk, nowMillis);
            }
            if (bulk.all()) {
                for (Item item : log.values()) {
                    if (inInbox(item, userId, u, nowMillis) && bulk.filter().matches(bulk.action(), item.category(),
                            readAt(u, item.seq()), u.archivedAt.getOrDefault(item.seq(), 0L))) {
                        targets.add(item.seq());
                    }
                }
            } else {
                targets.addAll(bulk.seqs());
            }
            int changed = 0;
            for (long seq : targets) {
                Item item = log.get(seq);
                // Checked as each is applied: listed ids may repeat, and a deleted one leaves the inbox.
                if (item != null && inInbox(item, userId, u, nowMillis) && applyBulk(u, bulk.action(), seq, nowMillis)) {
                    changed++;
                }
            }
            InboxCounts counts = countsOf(userId, u, nowMillis);
            List<String> ids = bulk.all() ? null : bulk.seqs().stream().map(s -> EventId.format(epoch, s)).toList();
            return new InboxBulkChange(changed, appendOne(SyncItems.bulk(userId, bulk, ids, changed, counts,
                    nowMillis, syncRetentionMillis)), counts.all().unread(), counts.all().unseen());
        });
    }

    /**
     * Read on everything unarchived moves the read-through mark, as read all does (so a notification
     * read by an earlier read all takes the new time); unread archived ones are kept unread.
     */
    private InboxBulkChange readThrough(String userId, UserState u, InboxBulk bulk, long nowMillis) {
        int changed = unread(userId, u, nowMillis);
        for (long seq : u.archivedAt.keySet()) {
            if (seq > u.readThroughSeq && seq <= head && !u.readAt.containsKey(seq)) {
                u.readAt.put(seq, MARKED_UNREAD);
            }
        }
        u.readThroughSeq = head;
        u.readThroughAt = nowMillis;
        u.readAt.entrySet().removeIf(e -> e.getValue() == MARKED_UNREAD && !u.archivedAt.containsKey(e.getKey()));
        InboxCounts counts = countsOf(userId, u, nowMillis);
        return new InboxBulkChange(changed, appendOne(SyncItems.bulk(userId, bulk, null, changed, counts,
                nowMillis, syncRetentionMillis)), counts.all().unread(), counts.all().unseen());
    }

    /** One notification of a bulk change, exactly as the single change does it; false when it changes nothing. */
    private static boolean applyBulk(UserState u, InboxBulk.Action action, long seq, long nowMillis) {
        long readAt = readAt(u, seq);
        if (!action.changes(readAt, seenAt(u, seq), u.archivedAt.getOrDefault(seq, 0L))) {
            return false;
        }
        switch (action) {
            case SEEN -> u.seenAt.put(seq, nowMillis);
            case READ -> u.readAt.put(seq, nowMillis);
            case UNREAD -> {
                u.seenAt.putIfAbsent(seq, readAt);
                u.readAt.put(seq, MARKED_UNREAD);
            }
            case ARCHIVE -> u.archivedAt.put(seq, nowMillis);
            case UNARCHIVE -> u.archivedAt.remove(seq);
            case DELETE -> forget(u, seq);
        }
        return true;
    }

    /** Deleting: the notification leaves the inbox and its state goes with it. */
    private static void forget(UserState u, long seq) {
        u.deleted.add(seq);
        u.readAt.remove(seq);
        u.seenAt.remove(seq);
        u.archivedAt.remove(seq);
        u.actedAt.remove(seq);
        u.actionId.remove(seq);
    }

    @Override
    public CompletableFuture<InboxChange> markAllRead(String userId, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            // Everything up to the head is read from now on (earlier individual reads keep their time).
            u.readThroughSeq = head;
            u.readThroughAt = nowMillis;
            u.readAt.values().removeIf(t -> t == MARKED_UNREAD);
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.read(userId, null, nowMillis, counts, nowMillis, syncRetentionMillis), counts);
        });
    }

    @Override
    public CompletableFuture<InboxChange> delete(String userId, long seq, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            Item item = log.get(seq);
            if (item == null || !inInbox(item, userId, u, nowMillis)) {
                return InboxChange.notFound();
            }
            forget(u, seq);
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.deleted(userId, item.id(), counts, nowMillis, syncRetentionMillis), counts);
        });
    }

    @Override
    public CompletableFuture<Muted> muted(String userId) {
        return locked(() -> {
            UserState u = users.get(userId);
            return u == null ? Muted.NONE : u.muted;
        });
    }

    @Override
    public CompletableFuture<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                                         Boolean push, long nowMillis) {
        return locked(() -> {
            UserState u = state(userId);
            u.muted = new Muted(types == null ? u.muted.types() : new LinkedHashSet<>(types),
                    categories == null ? u.muted.categories() : new LinkedHashSet<>(categories),
                    push == null ? u.muted.push() : push);
            InboxCounts counts = countsOf(userId, u, nowMillis);
            return change(SyncItems.preferences(userId, u.muted, counts, nowMillis, syncRetentionMillis), counts);
        });
    }

    private InboxChange change(NewItem sync, InboxCounts counts) {
        return new InboxChange(true, appendOne(sync), counts);
    }

    private UserState state(String userId) {
        return users.computeIfAbsent(userId, k -> new UserState());
    }

    private static boolean inInbox(Item item, String userId, UserState u, long nowMillis) {
        return item.kind() == ItemKind.NOTIFICATION && item.expiresAtMillis() > nowMillis
                && item.target().includes(userId) && !u.deleted.contains(item.seq());
    }

    private static InboxEntry entry(UserState u, Item item) {
        long seq = item.seq();
        return new InboxEntry(item, readAt(u, seq), seenAt(u, seq), u.archivedAt.getOrDefault(seq, 0L),
                u.actedAt.getOrDefault(seq, 0L), u.actionId.get(seq));
    }

    private static long readAt(UserState u, long seq) {
        long individual = u.readAt.getOrDefault(seq, 0L);
        if (individual == MARKED_UNREAD) {
            return 0;
        }
        if (individual != 0) {
            return individual;
        }
        return seq <= u.readThroughSeq ? u.readThroughAt : 0;
    }

    /** Reading counts as seeing. */
    private static long seenAt(UserState u, long seq) {
        long seen = u.seenAt.getOrDefault(seq, 0L);
        return seen != 0 ? seen : readAt(u, seq);
    }

    private int unread(String userId, UserState u, long nowMillis) {
        int n = 0;
        for (Item item : log.values()) {
            if (inInbox(item, userId, u, nowMillis) && !u.archivedAt.containsKey(item.seq())
                    && readAt(u, item.seq()) == 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public CompletableFuture<PushSubscription> savePushSubscription(PushSubscription subscription, int maxPerUser) {
        return locked(() -> {
            pushSubscriptions.remove(subscription.endpoint());
            pushSubscriptions.put(subscription.endpoint(), subscription);
            List<PushSubscription> mine = ownedBy(subscription.userId());
            for (int i = 0; i < mine.size() - maxPerUser; i++) {
                pushSubscriptions.remove(mine.get(i).endpoint());
            }
            return subscription;
        });
    }

    @Override
    public CompletableFuture<List<PushSubscription>> pushSubscriptions(String userId) {
        return locked(() -> ownedBy(userId));
    }

    @Override
    public CompletableFuture<Map<String, List<PushSubscription>>> pushSubscriptionsOf(Collection<String> userIds) {
        Set<String> wanted = new HashSet<>(userIds);
        return locked(() -> {
            // One pass over all subscriptions, in the order ownedBy sees them, so each list sorts the same.
            Map<String, List<PushSubscription>> out = new HashMap<>();
            for (PushSubscription s : pushSubscriptions.values()) {
                if (wanted.contains(s.userId())) {
                    out.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
                }
            }
            out.values().forEach(l -> l.sort(Comparator.comparingLong(PushSubscription::createdAtMillis)));
            return out;
        });
    }

    @Override
    public CompletableFuture<Boolean> anyPushSubscriptions() {
        return locked(() -> !pushSubscriptions.isEmpty());
    }

    @Override
    public CompletableFuture<Boolean> deletePushSubscription(String userId, String endpoint) {
        return locked(() -> {
            PushSubscription s = pushSubscriptions.get(endpoint);
            return s != null && s.userId().equals(userId) && pushSubscriptions.remove(endpoint) != null;
        });
    }

    @Override
    public CompletableFuture<Boolean> forgetPushEndpoint(String endpoint) {
        return locked(() -> pushSubscriptions.remove(endpoint) != null);
    }

    @Override
    public CompletableFuture<Long> pushCursor() {
        return locked(() -> pushCursor);
    }

    @Override
    public CompletableFuture<Boolean> enqueuePushes(long from, long to, List<PendingPush> pushes) {
        return locked(() -> {
            if (pushCursor != from) {
                return false;
            }
            pushCursor = to;
            for (PendingPush p : pushes) {
                long id = ++nextPushId;
                pushQueue.put(id, new QueuedPush(new PendingPush(id, p.to(), p.seq(), p.payload(), p.expiresAtMillis(),
                        p.urgency(), p.topic(), p.attempts(), p.enqueuedAtMillis()), p.enqueuedAtMillis(), 0));
            }
            return true;
        });
    }

    @Override
    public CompletableFuture<List<PendingPush>> claimPushes(String owner, long nowMillis, long leaseMillis, int limit) {
        return locked(() -> {
            List<QueuedPush> due = new ArrayList<>();
            for (QueuedPush q : pushQueue.values()) {
                if (q.dueAt() <= nowMillis && q.claimedUntil() <= nowMillis) {
                    due.add(q);
                }
            }
            due.sort(Comparator.comparingLong(QueuedPush::dueAt).thenComparingLong(q -> q.push().id()));
            List<PendingPush> claimed = new ArrayList<>();
            for (QueuedPush q : due) {
                if (claimed.size() >= limit) {
                    break;
                }
                PendingPush p = q.push();
                PushSubscription now = pushSubscriptions.get(p.to().endpoint());
                if (now == null || !now.userId().equals(p.to().userId())) {
                    pushQueue.remove(p.id());
                    continue;
                }
                pushQueue.put(p.id(), new QueuedPush(p, q.dueAt(), nowMillis + leaseMillis));
                claimed.add(new PendingPush(p.id(), now, p.seq(), p.payload(), p.expiresAtMillis(), p.urgency(),
                        p.topic(), p.attempts(), p.enqueuedAtMillis()));
            }
            return claimed;
        });
    }

    @Override
    public CompletableFuture<Void> finishPush(long id) {
        return locked(() -> {
            pushQueue.remove(id);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> retryPush(long id, int attempts, long dueAtMillis) {
        return locked(() -> {
            QueuedPush q = pushQueue.get(id);
            if (q != null) {
                PendingPush p = q.push();
                pushQueue.put(id, new QueuedPush(new PendingPush(id, p.to(), p.seq(), p.payload(), p.expiresAtMillis(),
                        p.urgency(), p.topic(), attempts, p.enqueuedAtMillis()), dueAtMillis, 0));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Long> pushQueueDepth() {
        return locked(() -> (long) pushQueue.size());
    }

    /** The user's subscriptions, oldest first (ties in the order they were saved). */
    private List<PushSubscription> ownedBy(String userId) {
        List<PushSubscription> mine = new ArrayList<>();
        for (PushSubscription s : pushSubscriptions.values()) {
            if (s.userId().equals(userId)) {
                mine.add(s);
            }
        }
        mine.sort(Comparator.comparingLong(PushSubscription::createdAtMillis));
        return mine;
    }

    private synchronized <T> CompletableFuture<T> locked(Supplier<T> op) {
        if (closed) {
            return closedFuture();
        }
        return CompletableFuture.completedFuture(op.get());
    }

    @Override
    public synchronized void close() {
        closed = true;
        log.clear();
        replies.clear();
        users.clear();
        pushSubscriptions.clear();
        pushQueue.clear();
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store is closed"));
    }
}
