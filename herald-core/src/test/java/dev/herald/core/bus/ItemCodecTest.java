package dev.herald.core.bus;

import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.herald.core.store.TestItems.categorized;
import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemCodecTest {
    private static final String EPOCH = "e1";

    private static Item item(long seq, NewItem n) {
        return new Item(EPOCH, seq, n);
    }

    @Test
    void aBatchSurvivesTheRoundTripWithEveryAddressingForm() {
        List<Item> items = List.of(
                item(7, notification(Target.user("ü-ser"), "to one")),
                item(8, notification(Target.users(List.of("a", "b", "c")), "to a list")),
                item(9, event(Target.everyone(), "deploy", 1000, 60_000)),
                item(10, categorized(Target.everyone(), "with fields", "social")));

        ItemCodec.Message message = ItemCodec.decode(EPOCH, ItemCodec.encode("node-a", items));

        assertThat(message.origin()).isEqualTo("node-a");
        assertThat(message.items()).hasSize(4);
        assertThat(message.items().get(3).category()).isEqualTo("social");
        for (int i = 0; i < 4; i++) {
            Item sent = items.get(i);
            Item got = message.items().get(i);
            assertThat(got.seq()).isEqualTo(sent.seq());
            assertThat(got.kind()).isEqualTo(sent.kind());
            assertThat(got.target()).isEqualTo(sent.target());
            assertThat(got.event()).isEqualTo(sent.event());
            assertThat(got.type()).isEqualTo(sent.type());
            assertThat(got.category()).isEqualTo(sent.category());
            assertThat(got.content()).isEqualTo(sent.content());
            assertThat(got.createdAtMillis()).isEqualTo(sent.createdAtMillis());
            assertThat(got.expiresAtMillis()).isEqualTo(sent.expiresAtMillis());
            // The frame is what streams get: it must be byte for byte the sender's.
            assertThat(got.frame().bytes()).isEqualTo(sent.frame().bytes());
        }
    }

    @Test
    void aMessageOfVersionOneFromANodeNotYetUpgradedIsReadWithoutACategory() throws Exception {
        Item sent = item(5, notification(Target.user("alice"), "from an old node"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1); // version 1: as version 2, but no category after the type
            out.writeUTF("old-node");
            out.writeInt(1);
            out.writeLong(sent.seq());
            out.writeByte(sent.kind().ordinal());
            out.writeByte(0); // to one user
            out.writeUTF("alice");
            out.writeUTF(sent.event());
            out.writeBoolean(true);
            out.writeUTF(sent.type());
            out.writeInt(sent.content().length);
            out.write(sent.content());
            out.writeLong(sent.createdAtMillis());
            out.writeLong(sent.expiresAtMillis());
        }

        ItemCodec.Message message = ItemCodec.decode(EPOCH, bytes.toByteArray());

        assertThat(message.origin()).isEqualTo("old-node");
        Item got = message.items().get(0);
        assertThat(got.seq()).isEqualTo(5);
        assertThat(got.target()).isEqualTo(Target.user("alice"));
        assertThat(got.type()).isEqualTo(sent.type());
        assertThat(got.category()).isNull();
        assertThat(got.frame().bytes()).isEqualTo(sent.frame().bytes());
    }

    @Test
    void anEventsCollapseKeyAndRateSurviveTheRoundTrip() {
        Item sent = item(3, dev.herald.core.store.TestItems.collapsible(Target.user("u"), "progress", "upload:abc",
                2.5, 42));
        Item got = ItemCodec.decode(EPOCH, ItemCodec.encode("n", List.of(sent))).items().get(0);
        assertThat(got.collapseKey()).isEqualTo("upload:abc");
        assertThat(got.maxRatePerSecond()).isEqualTo(2.5);
        assertThat(got.frame().bytes()).isEqualTo(sent.frame().bytes());
        Item plain = ItemCodec.decode(EPOCH, ItemCodec.encode("n", List.of(item(4, event(Target.everyone(), "x",
                1000, 60_000))))).items().get(0);
        assertThat(plain.collapseKey()).isNull();
        assertThat(plain.maxRatePerSecond()).isZero();
    }

    @Test
    void aMessageOfVersionTwoFromANodeNotYetUpgradedIsReadWithoutCollapseKeys() throws Exception {
        Item sent = item(5, categorized(Target.user("alice"), "from a version-2 node", "social"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(2); // version 2: as version 3, but no collapse key after the category
            out.writeUTF("v2-node");
            out.writeInt(1);
            out.writeLong(sent.seq());
            out.writeByte(sent.kind().ordinal());
            out.writeByte(0);
            out.writeUTF("alice");
            out.writeUTF(sent.event());
            out.writeBoolean(true);
            out.writeUTF(sent.type());
            out.writeBoolean(true);
            out.writeUTF(sent.category());
            out.writeInt(sent.content().length);
            out.write(sent.content());
            out.writeLong(sent.createdAtMillis());
            out.writeLong(sent.expiresAtMillis());
        }
        Item got = ItemCodec.decode(EPOCH, bytes.toByteArray()).items().get(0);
        assertThat(got.category()).isEqualTo("social");
        assertThat(got.collapseKey()).isNull();
        assertThat(got.frame().bytes()).isEqualTo(sent.frame().bytes());
    }

    @Test
    void aMessageOfAnUnknownVersionIsRefused() {
        byte[] bytes = ItemCodec.encode("n", List.of(item(1, notification(Target.everyone(), "hi"))));
        bytes[0] = 4;
        assertThatThrownBy(() -> ItemCodec.decode(EPOCH, bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBroadcastIsOneSmallMessageWhateverItReaches() {
        byte[] bytes = ItemCodec.encode("n", List.of(item(1, notification(Target.everyone(), "hi"))));
        assertThat(bytes.length).isLessThan(120);
    }

    @Test
    void malformedMessagesAreRefusedWhole() {
        byte[] good = ItemCodec.encode("n", List.of(item(1, notification(Target.user("u"), "x")),
                item(2, notification(Target.user("v"), "y"))));
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> ItemCodec.decode(EPOCH, truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> ItemCodec.decode(EPOCH, trailing)).isInstanceOf(IllegalArgumentException.class);
        byte[] otherVersion = good.clone();
        otherVersion[0] = 99;
        assertThatThrownBy(() -> ItemCodec.decode(EPOCH, otherVersion)).isInstanceOf(IllegalArgumentException.class);
    }
}
