package dev.herald.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.cluster.Cluster;
import dev.herald.core.inbox.Muted;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.Target;
import dev.herald.core.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the log into pending pushes: reads the items after the push cursor and, for each notification
 * addressed to named users, decides per recipient (policy, muting, presence, subscriptions) and moves
 * the cursor with the pushes in one transaction. Blocking: runs on the delivery thread only.
 *
 * <p>Broadcasts are not pushed: a push per subscribed user of the whole hub is a campaign, not a
 * notification, and would let one publish queue unbounded work.
 */
final class PushScanner {
    static final int BATCH = 200;

    private final Store store;
    private final Cluster cluster;

    PushScanner(Store store, Cluster cluster) {
        this.store = store;
        this.cluster = cluster;
    }

    /** One step; true when it moved the cursor (there may be more to read). */
    boolean step(long nowMillis) {
        long cursor = store.pushCursor().join();
        long head = store.bounds().join().head();
        if (cursor < 0) {
            // The first scan starts at the head: what was published before pushes existed is never pushed.
            return store.enqueuePushes(-1, head, List.of()).join();
        }
        if (cursor >= head) {
            return false;
        }
        List<Item> items = store.range(cursor, head, BATCH).join();
        long to = items.size() < BATCH ? head : items.get(items.size() - 1).seq();
        List<PendingPush> pushes = new ArrayList<>();
        // Read after the head: a subscription saved later came after these items were published, so
        // skipping them while no one has a subscription is what "at publish time" means anyway.
        boolean anyone = store.anyPushSubscriptions().join();
        List<Item> candidates = new ArrayList<>();
        Set<String> recipients = new LinkedHashSet<>();
        for (Item item : items) {
            if (anyone && item.kind() == ItemKind.NOTIFICATION && item.expiresAtMillis() > nowMillis
                    && !item.target().isBroadcast()) {
                candidates.add(item);
                recipients.addAll(recipients(item.target()));
            }
        }
        if (!candidates.isEmpty()) {
            // One read for the whole batch; only users with a subscription cost a muting and a presence lookup.
            Map<String, List<PushSubscription>> subscriptions = store.pushSubscriptionsOf(recipients).join();
            for (Item item : candidates) {
                decide(item, nowMillis, subscriptions, pushes);
            }
        }
        // False when another node moved the cursor first: it enqueued this range, nothing is lost or doubled.
        return store.enqueuePushes(cursor, to, pushes).join();
    }

    private void decide(Item item, long nowMillis, Map<String, List<PushSubscription>> subscriptionsByUser,
                        List<PendingPush> out) {
        JsonNode content = PushPayloads.content(item);
        PushPolicy policy = PushPolicy.of(content.path("push").asText(null));
        if (policy == PushPolicy.NEVER) {
            return;
        }
        byte[] payload = null;
        for (String user : recipients(item.target())) {
            List<PushSubscription> subscriptions = subscriptionsByUser.getOrDefault(user, List.of());
            if (subscriptions.isEmpty()) {
                continue;
            }
            Muted muted = store.muted(user).join();
            if (!muted.push() || muted.mutes(item)) {
                continue;
            }
            if (policy == PushPolicy.OFFLINE && cluster.connections(user).join() > 0) {
                continue;
            }
            if (payload == null) {
                payload = PushPayloads.payload(item, content);
            }
            for (PushSubscription s : subscriptions) {
                out.add(new PendingPush(0, s, item.seq(), payload, item.expiresAtMillis(), PushPayloads.urgency(content),
                        PushPayloads.topic(item), 0, nowMillis));
            }
        }
    }

    private static List<String> recipients(Target target) {
        return target.userId() != null ? List.of(target.userId()) : target.userIds();
    }
}
