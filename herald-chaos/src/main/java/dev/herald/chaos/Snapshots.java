package dev.herald.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads each user's final inbox, counts and preferences as the user sees them (with their own token),
 * once every fault is healed. A read that fails is tried again on another node for a while: the
 * faults are over, so a node that still cannot answer is itself an anomaly.
 */
final class Snapshots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIVE_UP_MS = 60_000;

    private Snapshots() {
    }

    static History.InboxSnapshot read(Workload w, String user) throws IOException {
        String token = Tokens.mint(Workload.JWT_SECRET, user);
        List<Integer> ports = w.portsOf(w.groupOf(user));
        List<History.InboxItem> items = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = get(w, ports, "/v1/me/notifications?limit=100" + (before == null ? "" : "&before=" + before), token);
            for (JsonNode n : page.path("items")) {
                String[] parts = Workload.parseTitle(n.path("title").asText());
                items.add(new History.InboxItem(n.path("id").asText(), parts[0], parts[1], n.path("read").asBoolean()));
            }
            before = page.path("nextBefore").isTextual() ? page.path("nextBefore").asText() : null;
        } while (before != null);
        long unread = get(w, ports, "/v1/me/notifications/unread-count", token).path("unreadCount").asLong(-1);
        JsonNode counts = get(w, ports, "/v1/me/notifications/counts", token);
        JsonNode prefs = get(w, ports, "/v1/me/preferences", token);
        List<String> categories = new ArrayList<>();
        prefs.path("mutedCategories").forEach(c -> categories.add(c.asText()));
        String preferences = "categories=[" + String.join(",", categories) + "] push=" + prefs.path("push").asBoolean(true);
        return new History.InboxSnapshot(user, items, unread, counts.path("unread").asLong(-1),
                counts.path("total").asLong(-1), preferences);
    }

    private static JsonNode get(Workload w, List<Integer> ports, String path, String token) throws IOException {
        long start = w.clock.ms();
        int i = 0;
        Http.Reply last = null;
        while (w.clock.ms() - start < GIVE_UP_MS) {
            last = w.http.send("GET", ports.get(i++ % ports.size()), path, token, null);
            if (last.status() == 200) {
                return JSON.readTree(last.body());
            }
            Publisher.sleep(250);
        }
        throw new IOException("GET " + path + " kept failing after the faults ended; last: " + last);
    }
}
