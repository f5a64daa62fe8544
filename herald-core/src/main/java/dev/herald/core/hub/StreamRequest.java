package dev.herald.core.hub;

import java.util.Objects;
import java.util.Set;

/**
 * What a client asked for when it opened a stream.
 *
 * @param userId      the authenticated user
 * @param events      event names to receive, or null for all
 * @param lastEventId the position to resume after, exactly as the client sent it, or null
 */
public record StreamRequest(String userId, Set<String> events, String lastEventId) {
    public StreamRequest {
        Objects.requireNonNull(userId, "userId");
        events = events == null ? null : Set.copyOf(events);
    }
}
