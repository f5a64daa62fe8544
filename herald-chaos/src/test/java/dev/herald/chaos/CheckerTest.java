package dev.herald.chaos;

import dev.herald.chaos.Anomaly.Kind;
import dev.herald.chaos.History.InboxItem;
import dev.herald.chaos.History.InboxOp;
import dev.herald.chaos.History.InboxSnapshot;
import dev.herald.chaos.History.Outcome;
import dev.herald.chaos.History.Publish;
import dev.herald.chaos.History.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker finds each kind of anomaly in a history that has it, and none in the same history
 * without it: a checker that passes everything would make every chaos run green.
 */
class CheckerTest {
    private History h;
    private History.Stream alice;

    @BeforeEach
    void aCleanHistory() {
        h = new History();
        alice = h.stream("alice/0", "alice", Workload.CLUSTER);
        alice.anchor = "e-10";
        acked("k1", "alice", "e-11");
        acked("k2", "bob", "e-12");
        acked("k3", "alice", "e-13");
        receive(alice, "e-11", "alice", "k1");
        receive(alice, "e-13", "alice", "k3");
        h.fences.put("alice", "k3");
        snapshot("alice", List.of(item("e-13", "alice", "k3", false), item("e-11", "alice", "k1", false)), 2, 2, 2);
        snapshot("bob", List.of(item("e-12", "bob", "k2", false)), 1, 1, 1);
    }

    @Test
    void aCleanHistoryHasNoAnomaly() {
        assertThat(Checker.check(h)).isEmpty();
    }

    @Test
    void anAcknowledgedPublishAboveTheAnchorThatNeverArrivedIsLost() {
        alice.received.remove(0);
        assertThat(kinds()).containsExactly(Kind.LOST);
    }

    @Test
    void aPublishAtOrBelowTheAnchorIsNotPromisedToTheStream() {
        alice.anchor = "e-11";
        alice.received.remove(0);
        assertThat(Checker.check(h)).isEmpty();
    }

    @Test
    void anItemReceivedTwiceIsADuplicate() {
        receive(alice, "e-13", "alice", "k3");
        assertThat(kinds()).contains(Kind.DUPLICATE);
    }

    @Test
    void oneKeyStoredTwiceUnderTwoIdsIsADuplicate() {
        receive(alice, "e-14", "alice", "k3");
        assertThat(kinds()).contains(Kind.DUPLICATE, Kind.ID_MISMATCH);
    }

    @Test
    void anItemBelowOneAlreadyReceivedIsReordered() {
        alice.received.clear();
        receive(alice, "e-13", "alice", "k3");
        receive(alice, "e-11", "alice", "k1");
        assertThat(kinds()).containsExactly(Kind.REORDERED);
    }

    @Test
    void anotherUsersItemOnAStreamIsForeign() {
        receive(alice, "e-12", "bob", "k2");
        assertThat(kinds()).contains(Kind.FOREIGN);
    }

    @Test
    void anItemNobodyPublishedIsAPhantom() {
        receive(alice, "e-20", "alice", "k99");
        assertThat(kinds()).containsExactly(Kind.PHANTOM);
    }

    @Test
    void aResetIsAnAnomaly() {
        alice.resets.add(new History.Reset("{\"reason\":\"unknown_position\"}", 5, "e-13"));
        assertThat(kinds()).containsExactly(Kind.RESET);
    }

    @Test
    void aStreamWithoutItsFenceStalled() {
        h.fences.put("alice", "k1");
        alice.received.remove(0);
        assertThat(kinds()).contains(Kind.STALLED);
    }

    @Test
    void aPublishOnlyEverRefusedMustNotBeDeliveredNorReplayed() {
        h.publishes.add(new Publish("k7", "alice", Workload.CLUSTER, 0, 1, Outcome.REFUSED, null, 3, false));
        receive(alice, "e-15", "alice", "k7");
        assertThat(kinds()).containsExactly(Kind.REFUSED_BUT_STORED);

        h.publishes.add(new Publish("k8", "alice", Workload.CLUSTER, 0, 1, Outcome.ACKED, "e-16", 2, true));
        receive(alice, "e-16", "alice", "k8");
        assertThat(kinds()).containsExactly(Kind.REFUSED_BUT_STORED, Kind.REFUSED_BUT_STORED, Kind.INBOX_MISSING);
    }

    @Test
    void aPublishWithAnUnknownOutcomeMayArriveOnceOrNotAtAll() {
        h.publishes.add(new Publish("k7", "alice", Workload.CLUSTER, 0, 1, Outcome.UNKNOWN, null, 3, false));
        assertThat(Checker.check(h)).isEmpty();
        receive(alice, "e-15", "alice", "k7");
        assertThat(Checker.check(h)).isEmpty();
    }

    @Test
    void anAcknowledgedNotificationMissingFromTheInbox() {
        snapshot("alice", List.of(item("e-13", "alice", "k3", false)), 1, 1, 1);
        assertThat(kinds()).containsExactly(Kind.INBOX_MISSING);
    }

    @Test
    void aNotificationWhoseDeleteWasTriedMayBeGoneOrNot() {
        op("alice", "delete", "e-11", Outcome.UNKNOWN, 5);
        snapshot("alice", List.of(item("e-13", "alice", "k3", false)), 1, 1, 1);
        assertThat(Checker.check(h)).isEmpty();
    }

    @Test
    void anAcknowledgedDeleteThatCameBackIsResurrected() {
        op("alice", "delete", "e-11", Outcome.ACKED, 5);
        assertThat(kinds()).containsExactly(Kind.INBOX_RESURRECTED);
    }

    @Test
    void anAcknowledgedReadThatIsUnreadIsLost() {
        op("alice", "read", "e-11", Outcome.ACKED, 5);
        assertThat(kinds()).containsExactly(Kind.READ_LOST);
    }

    @Test
    void aReadNobodyAskedForIsSpurious() {
        snapshot("alice", List.of(item("e-13", "alice", "k3", true), item("e-11", "alice", "k1", false)), 1, 1, 2);
        assertThat(kinds()).containsExactly(Kind.READ_SPURIOUS);
    }

    @Test
    void countsThatDisagreeWithTheItems() {
        snapshot("alice", List.of(item("e-13", "alice", "k3", false), item("e-11", "alice", "k1", false)), 2, 1, 2);
        assertThat(kinds()).containsExactly(Kind.COUNT_MISMATCH);
    }

    @Test
    void anotherUsersNotificationInAnInbox() {
        snapshot("bob", List.of(item("e-12", "bob", "k2", false), item("e-11", "alice", "k1", false)), 2, 2, 2);
        assertThat(kinds()).containsExactly(Kind.FOREIGN);
    }

    @Test
    void a404ToAReadOfANotificationNobodyDeletedIsWrong() {
        op("alice", "read", "e-11", Outcome.REFUSED, 5);
        assertThat(kinds()).containsExactly(Kind.NOT_FOUND);
        h.inboxOps.clear();
        op("alice", "delete", "e-11", Outcome.ACKED, 3);
        op("alice", "read", "e-11", Outcome.REFUSED, 5);
        snapshot("alice", List.of(item("e-13", "alice", "k3", false)), 1, 1, 1);
        assertThat(Checker.check(h)).isEmpty();
    }

    @Test
    void preferencesEndAsTheLastAcknowledgedChangeOrAnyUnknownOne() {
        prefs("alice", "categories=[muted0] push=true", Outcome.ACKED);
        prefs("alice", "categories=[muted3] push=true", Outcome.UNKNOWN);
        prefs("alice", "categories=[muted1] push=true", Outcome.ACKED);
        prefs("alice", "categories=[muted2] push=false", Outcome.UNKNOWN);
        setPreferences("alice", "categories=[muted2] push=false");
        assertThat(Checker.check(h)).isEmpty();
        setPreferences("alice", "categories=[muted1] push=true");
        assertThat(Checker.check(h)).isEmpty();
        // Unanswered before the last acknowledged change, yet it may have been applied after it.
        setPreferences("alice", "categories=[muted3] push=true");
        assertThat(Checker.check(h)).isEmpty();
        setPreferences("alice", "categories=[muted0] push=true");
        assertThat(kinds()).containsExactly(Kind.PREFERENCES_DIVERGED);
        setPreferences("alice", Workload.DEFAULT_PREFERENCES);
        assertThat(kinds()).containsExactly(Kind.PREFERENCES_DIVERGED);
    }

    @Test
    void anUnexpectedStatusIsReported() {
        h.unexpected.add(new History.Unexpected("publish k9", "port 1", 500, "{}", 7));
        assertThat(kinds()).containsExactly(Kind.UNEXPECTED_STATUS);
    }

    private List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        Checker.check(h).forEach(a -> kinds.add(a.kind()));
        return kinds;
    }

    private void acked(String key, String user, String id) {
        h.publish(new Publish(key, user, Workload.CLUSTER, 0, 1, Outcome.ACKED, id, 1, false));
    }

    private void receive(History.Stream s, String id, String user, String key) {
        s.received.add(new Received(id, "notification", user, key, 1, 2));
    }

    private void op(String user, String kind, String target, Outcome outcome, long at) {
        h.inboxOps.add(new InboxOp(user, kind, target, null, at, at + 1, outcome, outcome == Outcome.ACKED ? 204 : 404));
    }

    private void prefs(String user, String value, Outcome outcome) {
        h.inboxOps.add(new InboxOp(user, "preferences", null, value, 1, 2, outcome, outcome == Outcome.ACKED ? 200 : -1));
    }

    private void setPreferences(String user, String value) {
        InboxSnapshot s = h.snapshots.get(user);
        h.snapshots.put(user, new InboxSnapshot(user, s.items(), s.unreadCount(), s.countsUnread(), s.countsTotal(), value));
    }

    private static InboxItem item(String id, String user, String key, boolean read) {
        return new InboxItem(id, user, key, read);
    }

    private void snapshot(String user, List<InboxItem> items, long unread, long countsUnread, long total) {
        h.snapshots.put(user, new InboxSnapshot(user, items, unread, countsUnread, total, Workload.DEFAULT_PREFERENCES));
    }
}
