package dev.herald.redis;

import dev.herald.core.cluster.NodeReport;

/**
 * A node's report as stored in Redis: its fields joined by {@code |} (node ids cannot contain one).
 * Small, and read by nodes of the same version; anything unreadable is skipped, not fatal.
 */
final class NodeReports {
    private NodeReports() {
    }

    static String encode(NodeReport r) {
        return "2|" + r.nodeId() + '|' + r.connections() + '|' + r.users() + '|' + r.published() + '|'
                + r.delivered() + '|' + r.replayed() + '|' + r.resets() + '|' + r.slowStreamsDropped() + '|'
                + r.replayOverflows() + '|' + r.uptimeSeconds() + '|' + r.publishToWriteP50Ms() + '|'
                + r.publishToWriteP99Ms();
    }

    /** The report, or null if it is not one this version can read. */
    static NodeReport decode(String s) {
        String[] f = s.split("\\|", -1);
        if (f.length != 13 || !f[0].equals("2")) {
            return null;
        }
        try {
            return new NodeReport(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[9]), Long.parseLong(f[10]), Double.parseDouble(f[11]),
                    Double.parseDouble(f[12]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
