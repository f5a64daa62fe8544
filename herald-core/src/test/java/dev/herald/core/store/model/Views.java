package dev.herald.core.store.model;

import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.DigestStep;
import dev.herald.core.store.PublisherChange;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a store answered, as values two stores can be compared by: everything a client or the hub
 * can observe, with the store's epoch written as {@code E} (ids and the ids inside sync items
 * differ between databases by it alone) and without {@link Item#acceptedNanos()} (a clock reading
 * of this node, 0 once read back).
 */
final class Views {
    private final String epoch;

    Views(String epoch) {
        this.epoch = epoch;
    }

    /**
     * An item. {@code fullTarget}: whether the answer must carry the whole target (appends, range,
     * publisher changes); replay and inbox pages may narrow a list to the reader (Store#replay says
     * so), so there only "addressed to the reader" counts, which the caller checks.
     */
    record ItemView(String id, ItemKind kind, String target, String event, String type, String category,
                    String content, long createdAt, long expiresAt, String collapseKey, double maxRatePerSecond) {
    }

    record EntryView(ItemView item, long readAt, long seenAt, long archivedAt, long actedAt, String actionId) {
    }

    record PageView(List<EntryView> items, int unreadCount, long nextBefore) {
    }

    record ChangeView(boolean found, ItemView sync, int unreadCount, int unseenCount, InboxCounts counts) {
    }

    record BulkView(int changed, ItemView sync, int unreadCount, int unseenCount) {
    }

    /**
     * One append's outcome. A duplicate shows only the number it names: the contract's "the
     * original" is the first publish, and the stores may hold it as it was written (memory), as it
     * stands now (edited, merged into a digest) or, once retention removed it, rebuilt from the
     * retry; a client sees only its id (see docs/decisions-props.md).
     */
    record AppendedView(ItemView item, long duplicateOf, int recipients, DigestView digest) {
    }

    record DigestView(boolean merged, long count, List<ItemView> updates) {
    }

    record PublisherChangeView(boolean found, ItemView notification, ItemView change) {
    }

    ItemView item(Item item, boolean fullTarget) {
        if (item == null) {
            return null;
        }
        String id = item.id().startsWith(epoch + "-") ? "E" + item.id().substring(epoch.length()) : "foreign:" + item.id();
        return new ItemView(id, item.kind(), fullTarget ? describe(item.target()) : null, item.event(), item.type(),
                item.category(), new String(item.content(), StandardCharsets.UTF_8).replace(epoch, "E"),
                item.createdAtMillis(), item.expiresAtMillis(), item.collapseKey(), item.maxRatePerSecond());
    }

    List<ItemView> items(List<Item> items, boolean fullTarget) {
        return items.stream().map(i -> item(i, fullTarget)).toList();
    }

    PageView page(InboxPage page) {
        return new PageView(page.items().stream().map(this::entry).toList(), page.unreadCount(), page.nextBefore());
    }

    EntryView entry(InboxEntry e) {
        return new EntryView(item(e.item(), false), e.readAtMillis(), e.seenAtMillis(), e.archivedAtMillis(),
                e.actedAtMillis(), e.actionId());
    }

    ChangeView change(InboxChange c) {
        return new ChangeView(c.found(), item(c.sync(), true), c.unreadCount(), c.unseenCount(), c.counts());
    }

    BulkView bulk(InboxBulkChange c) {
        return new BulkView(c.changed(), item(c.sync(), true), c.unreadCount(), c.unseenCount());
    }

    AppendedView appended(Appended a) {
        if (a.duplicate()) {
            return new AppendedView(null, a.item().seq(), a.recipients(), digest(a.digest()));
        }
        return new AppendedView(item(a.item(), true), 0, a.recipients(), digest(a.digest()));
    }

    private DigestView digest(DigestStep d) {
        return d == null ? null : new DigestView(d.merged(), d.count(), items(d.updates(), true));
    }

    PublisherChangeView publisherChange(PublisherChange c) {
        return new PublisherChangeView(c.found(), item(c.notification(), true), item(c.change(), true));
    }

    static String describe(Target target) {
        if (target.isBroadcast()) {
            return "*";
        }
        return target.userId() != null ? target.userId() : String.join("+", target.userIds());
    }
}
