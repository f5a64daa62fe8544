package dev.herald.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's users and where they live. Cluster users ({@code c0..}) are served by the three nodes on
 * PostgreSQL and Redis and reconnect to any of them; SQLite users ({@code s0..}) by the single node
 * whose disk fills up. Every client shares this, and records into {@link #history}.
 */
final class Workload {
    static final String API_KEY = "chaos-publisher-key-0123456789abcdef";
    static final String JWT_SECRET = "chaos-jwt-secret-0123456789abcdef0123456789";
    static final int HEARTBEAT_MS = 1_000;
    /** A stream silent this long is taken for dead (a paused node): three heartbeats. */
    static final int STREAM_IDLE_MS = 3 * HEARTBEAT_MS + 500;
    static final String CLUSTER = "cluster";
    static final String SINGLE = "single";
    /** A user's preferences before any change, as the checker renders them. */
    static final String DEFAULT_PREFERENCES = "categories=[] push=true";

    final List<String> users = new ArrayList<>();
    final History history = new History();
    final Http http = new Http();
    final Clock clock;
    private final Map<String, List<Integer>> ports;

    Workload(Clock clock, int clusterUsers, int singleUsers, Map<String, List<Integer>> ports) {
        this.clock = clock;
        this.ports = ports;
        for (int i = 0; i < clusterUsers; i++) {
            users.add("c" + i);
        }
        for (int i = 0; i < singleUsers && ports.containsKey(SINGLE); i++) {
            users.add("s" + i);
        }
    }

    String groupOf(String user) {
        return user.startsWith("s") ? SINGLE : CLUSTER;
    }

    List<Integer> portsOf(String group) {
        return ports.get(group);
    }

    static String title(String user, String key) {
        return "u=" + user + " k=" + key;
    }

    /** {user, key} from a title made by {@link #title}; {"?", title} for anything else. */
    static String[] parseTitle(String title) {
        if (title.startsWith("u=")) {
            int space = title.indexOf(" k=");
            if (space > 0) {
                return new String[] {title.substring(2, space), title.substring(space + 3)};
            }
        }
        return new String[] {"?", title};
    }
}
