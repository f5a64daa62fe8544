package dev.herald.core.push;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The browsers' push subscriptions each user registered, kept durably by the {@link dev.herald.core.store.Store}.
 *
 * <h2>Contract (checked by the shared push subscriptions contract suite)</h2>
 * <ul>
 *   <li>An endpoint belongs to one user at a time: saving an endpoint that exists moves it to the
 *       user who saved it last, with the new keys and time (a browser profile shared by two logins
 *       must never push one user's notifications to the other).</li>
 *   <li>A user holds at most {@code maxPerUser} subscriptions: a save past the cap removes that
 *       user's oldest ones, so a browser that rotates its endpoint never locks its user out.</li>
 *   <li>A user lists and deletes only their own subscriptions; {@link #forgetPushEndpoint} (the push
 *       service said the endpoint is gone) removes it whoever holds it.</li>
 *   <li>Never blocks the caller; after close every call fails like the rest of the store.</li>
 * </ul>
 */
public interface PushSubscriptions {

    /** Saves (inserts or moves) a subscription and returns it as stored. */
    CompletableFuture<PushSubscription> savePushSubscription(PushSubscription subscription, int maxPerUser);

    /** The user's subscriptions, oldest first. */
    CompletableFuture<List<PushSubscription>> pushSubscriptions(String userId);

    /**
     * The subscriptions of many users in one read (the push scanner asks once per batch of the log, not
     * once per recipient): each user who has any maps to them, oldest first; users with none are absent.
     * Any number of users may be asked for (a store splits what its database cannot take at once).
     */
    CompletableFuture<Map<String, List<PushSubscription>>> pushSubscriptionsOf(Collection<String> userIds);

    /**
     * Whether any user has a subscription: the push scanner skips its per-recipient lookups while no
     * one has, so a hub whose users never turned push on pays one cheap read per scan, not one per
     * recipient.
     */
    CompletableFuture<Boolean> anyPushSubscriptions();

    /** Removes the user's subscription with this endpoint; false when the user has none such. */
    CompletableFuture<Boolean> deletePushSubscription(String userId, String endpoint);

    /** Removes the endpoint whichever user holds it; false when it was not stored. */
    CompletableFuture<Boolean> forgetPushEndpoint(String endpoint);
}
