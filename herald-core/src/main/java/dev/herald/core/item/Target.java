package dev.herald.core.item;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who an item is addressed to: one user, an explicit list of users, or everyone. Stored beside the
 * item, so replay and fan-out answer "is this for user X?" the same way.
 */
public final class Target {
    private static final Target EVERYONE = new Target(null, List.of(), true);

    private final String userId;
    private final List<String> userIds;
    private final boolean broadcast;
    /** Membership index for long lists, so "is user X addressed?" stays O(1) on the fan-out path. */
    private final Set<String> index;

    private Target(String userId, List<String> userIds, boolean broadcast) {
        this.userId = userId;
        this.userIds = userIds;
        this.broadcast = broadcast;
        this.index = userIds.size() > 8 ? new HashSet<>(userIds) : null;
    }

    public static Target user(String userId) {
        return new Target(Objects.requireNonNull(userId, "userId"), List.of(), false);
    }

    /** An explicit list; duplicates must already be removed by the caller. */
    public static Target users(List<String> userIds) {
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException("userIds must not be empty");
        }
        return new Target(null, List.copyOf(userIds), false);
    }

    public static Target everyone() {
        return EVERYONE;
    }

    public boolean isBroadcast() {
        return broadcast;
    }

    /** The single addressee, or null for lists and broadcasts. */
    public String userId() {
        return userId;
    }

    /** The explicit list, empty unless this is a list target. */
    public List<String> userIds() {
        return userIds;
    }

    public boolean includes(String user) {
        if (broadcast) {
            return true;
        }
        if (userId != null) {
            return userId.equals(user);
        }
        return index != null ? index.contains(user) : userIds.contains(user);
    }

    /** How many users are named; broadcasts name none. */
    public int namedCount() {
        return userId != null ? 1 : userIds.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && broadcast == t.broadcast && Objects.equals(userId, t.userId)
                && userIds.equals(t.userIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, userIds, broadcast);
    }

    @Override
    public String toString() {
        return broadcast ? "everyone" : userId != null ? "user:" + userId : "users:" + userIds.size();
    }
}
