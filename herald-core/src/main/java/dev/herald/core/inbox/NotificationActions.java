package dev.herald.core.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The action buttons a stored notification carries ({@code "actions":[{"id","label","url"}]} in its
 * content), asked by the action route: acting needs an action the publisher actually gave.
 */
public final class NotificationActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationActions() {
    }

    /** Whether the notification's stored content has an action with this id. */
    public static boolean has(byte[] content, String actionId) {
        if (actionId == null) {
            return false;
        }
        try {
            for (JsonNode action : JSON.readTree(content).path("actions")) {
                if (actionId.equals(action.path("id").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("malformed stored notification", e);
        }
    }
}
