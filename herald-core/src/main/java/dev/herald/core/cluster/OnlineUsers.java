package dev.herald.core.cluster;

import java.util.List;

/**
 * Who is online: the users holding the most streams, most first (ties by id), and how many users are
 * online in all.
 *
 * @param complete false when the shared view could not be reached and only this node is counted
 */
public record OnlineUsers(List<UserStreams> top, int total, boolean complete) {

    /** The top {@code limit} of per-user counts, most streams first, ties by user id. */
    public static OnlineUsers of(java.util.Map<String, Integer> streams, int limit, boolean complete) {
        List<UserStreams> top = streams.entrySet().stream()
                .map(e -> new UserStreams(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparingInt(UserStreams::connections).reversed()
                        .thenComparing(UserStreams::userId))
                .limit(limit)
                .toList();
        return new OnlineUsers(top, streams.size(), complete);
    }
}
