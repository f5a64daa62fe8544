package dev.herald.core.hub;

import java.util.Objects;
import java.util.Set;

/**
 * What a client asked for when it opened a stream.
 *
 * @param userId      the authenticated user
 * @param events      event names to receive, or null for all
 * @param lastEventId the position to resume after, exactly as the client sent it, or null
 * @param anchorFloor for a fresh stream, the lowest position it may be anchored at: the log's head
 *                    read by {@link Hub#admit(StreamRequest)} before the stream is opened; 0 if none
 */
public record StreamRequest(String userId, Set<String> events, String lastEventId, long anchorFloor) {
    public StreamRequest {
        Objects.requireNonNull(userId, "userId");
        events = events == null ? null : Set.copyOf(events);
    }

    public StreamRequest(String userId, Set<String> events, String lastEventId) {
        this(userId, events, lastEventId, 0);
    }

    /** The same request, anchored no lower than {@code head} if it is a fresh stream. */
    public StreamRequest withAnchorFloor(long head) {
        return new StreamRequest(userId, events, lastEventId, Math.max(anchorFloor, head));
    }
}
