package dev.herald.core.hub;

import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.TestItems;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingQueueTest {
    private long seq;

    private Item keyed(String key, int value) {
        return new Item("e", ++seq, TestItems.collapsible(Target.user("u"), "progress", key, 0, value));
    }

    private Item plain(String name) {
        return new Item("e", ++seq, TestItems.event(Target.user("u"), name, System.currentTimeMillis(), 60_000));
    }

    private static List<Long> drain(CoalescingQueue q) {
        List<Long> out = new ArrayList<>();
        Item item;
        while ((item = q.poll()) != null) {
            out.add(item.seq());
        }
        return out;
    }

    @Test
    void keepsTheLatestPerKeyAtItsPlaceAndEveryItemWithoutAKeyInOrder() {
        CoalescingQueue q = new CoalescingQueue();
        List<Item> dropped = new ArrayList<>();
        Item a1 = keyed("a", 1);   // 1
        Item x = plain("x");       // 2
        Item b1 = keyed("b", 1);   // 3
        Item a2 = keyed("a", 2);   // 4
        Item y = plain("y");       // 5
        Item b2 = keyed("b", 2);   // 6
        for (Item item : List.of(a1, x, b1, a2, y, b2)) {
            q.add(item, dropped::add);
        }

        assertThat(dropped).containsExactly(a1, b1);
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.bytes()).isEqualTo(x.frame().size() + a2.frame().size() + y.frame().size() + b2.frame().size());
        assertThat(q.holdsKey("a")).isTrue();
        assertThat(drain(q)).containsExactly(2L, 4L, 5L, 6L);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
        assertThat(q.holdsKey("a")).isFalse();
    }

    @Test
    void itemsWithoutAKeyAreNeverDropped() {
        CoalescingQueue q = new CoalescingQueue();
        List<Item> dropped = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            q.add(plain("same"), dropped::add);
        }
        assertThat(dropped).isEmpty();
        assertThat(drain(q)).hasSize(100);
    }

    @Test
    void aKeyPolledOutCanBeQueuedAgainWithoutDroppingAnything() {
        CoalescingQueue q = new CoalescingQueue();
        List<Item> dropped = new ArrayList<>();
        q.add(keyed("a", 1), dropped::add);
        assertThat(q.poll().seq()).isEqualTo(1);
        q.add(keyed("a", 2), dropped::add);
        assertThat(dropped).isEmpty();
        assertThat(drain(q)).containsExactly(2L);
    }

    @Test
    void memoryFollowsWhatIsHeldNotWhatPassedThrough() {
        CoalescingQueue q = new CoalescingQueue();
        for (int i = 0; i < 100_000; i++) {
            q.add(keyed("upload:abc", i), dropped -> { });
            if (i % 1000 == 0) {
                q.add(plain("tick"), dropped -> { });
            }
        }
        // 100 ticks and one upload value are held; the slots stay within a small multiple of that.
        assertThat(q.size()).isEqualTo(101);
        assertThat(q.slotCapacity()).isLessThanOrEqualTo(512);
        List<Long> order = drain(q);
        assertThat(order).hasSize(101).isSorted();
        assertThat(order.get(100)).isEqualTo(seq);
    }
}
