package dev.herald.sdk;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who a publish is for: one user, an explicit list of users, or everyone connected.
 * Immutable. The hub is the authority on what a valid user id is; only null and empty inputs are
 * refused here, because they can never be right.
 */
public final class Target {
    private static final Target EVERYONE = new Target(List.of(), false);

    private final List<String> userIds;
    /** True for {@link #user}: sent as {@code userId}, not as a one-element {@code userIds} list. */
    private final boolean single;

    private Target(List<String> userIds, boolean single) {
        this.userIds = userIds;
        this.single = single;
    }

    /** One user. */
    public static Target user(String userId) {
        return new Target(List.of(requireId(userId)), true);
    }

    /** Several users; the hub removes duplicates. */
    public static Target users(String... userIds) {
        Objects.requireNonNull(userIds, "userIds");
        return users(Arrays.asList(userIds));
    }

    /** Several users; the hub removes duplicates. The collection is copied. */
    public static Target users(Collection<String> userIds) {
        Objects.requireNonNull(userIds, "userIds");
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException("userIds must not be empty; use Target.everyone() for a broadcast");
        }
        userIds.forEach(Target::requireId);
        return new Target(List.copyOf(userIds), false);
    }

    /** Every user (a broadcast). */
    public static Target everyone() {
        return EVERYONE;
    }

    /** True for a broadcast. */
    public boolean isEveryone() {
        return userIds.isEmpty();
    }

    /** The named users; empty for a broadcast. */
    public List<String> userIds() {
        return userIds;
    }

    boolean isSingleUser() {
        return single;
    }

    private static String requireId(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        return userId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && single == t.single && userIds.equals(t.userIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userIds, single);
    }

    @Override
    public String toString() {
        return isEveryone() ? "Target[everyone]" : single ? "Target[user=" + userIds.get(0) + "]"
                : "Target[users=" + userIds.size() + "]";
    }
}
