package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of one target: {@code --url} (and {@code --herald-url}) may name several base URLs,
 * comma-separated, the nodes of one Herald cluster. Stream i lives on node {@code i mod n}; publishes
 * go round-robin over the nodes, and a notification to a user goes to a node other than the one
 * holding that user's stream (with more than one node), so that every unicast delivery crosses
 * nodes. With one URL everything goes to it, as before.
 */
final class Nodes {
  private Nodes() {
  }

  /** The base URLs of a comma-separated list (blank entries dropped); empty for null or blank. */
  static List<String> parse(String urls) {
    List<String> out = new ArrayList<>();
    if (urls == null) {
      return out;
    }
    for (String u : urls.split(",")) {
      String t = u.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** The node (0..n-1) that holds stream i. */
  static int streamNode(int stream, int n) {
    return n <= 1 ? 0 : Math.floorMod(stream, n);
  }

  /**
   * The node the k-th publish call (k counts every call of the run, from 0) goes to. A broadcast
   * (stream below 0) or a batch: node k mod n. A notification to stream i's user with n above 1: one
   * of the other n-1 nodes, round-robin by k, never streamNode(i).
   */
  static int publishNode(int stream, long k, int n) {
    if (n <= 1) {
      return 0;
    }
    if (stream < 0) {
      return (int) Math.floorMod(k, (long) n);
    }
    int home = streamNode(stream, n);
    return (home + 1 + (int) Math.floorMod(k, (long) (n - 1))) % n;
  }
}
