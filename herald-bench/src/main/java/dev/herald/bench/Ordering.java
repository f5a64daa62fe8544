package dev.herald.bench;

/** What out-of-order items on a stream mean, per target. */
final class Ordering {
  private Ordering() {
  }

  /**
   * Herald promises items in seq order on every stream, so an item whose key is not above the
   * highest before is a violation. Nchan orders concurrent publishes as they arrive, while the bench
   * numbers them when it sends them: with more than one publish in flight, out-of-order items are
   * expected there and only noted. Returns whether the run can still count as complete.
   */
  static boolean check(Result r, ScenarioOptions o, long outOfOrder) {
    if (outOfOrder == 0) {
      return true;
    }
    if (o.target == ScenarioOptions.TargetKind.HERALD) {
      r.notes.add(outOfOrder + " items arrived out of seq order on their stream (Herald promises seq order)");
      return false;
    }
    r.notes.add(outOfOrder + " items arrived in another order than the bench sent them (Nchan orders concurrent "
        + "publishes as they arrive; exactly-once is checked per stream regardless)");
    return true;
  }
}
