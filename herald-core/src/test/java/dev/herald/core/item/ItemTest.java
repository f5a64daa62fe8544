package dev.herald.core.item;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemTest {

    static NewItem newItem(String content) {
        return new NewItem(ItemKind.EVENT, Target.user("u"), "ev", null, content.getBytes(StandardCharsets.UTF_8),
                1000, 2000, null, 0);
    }

    @Test
    void idIsSplicedInAsTheFirstMemberAndTheFrameIsEncodedOnce() {
        Item item = new Item("ep", 5, newItem("{\"x\":1}"));
        assertThat(item.id()).isEqualTo("ep-5");
        assertThat(item.dataJson()).isEqualTo("{\"id\":\"ep-5\",\"x\":1}");
        assertThat(new String(item.frame().bytes(), StandardCharsets.UTF_8))
                .isEqualTo("id: ep-5\nevent: ev\ndata: {\"id\":\"ep-5\",\"x\":1}\n\n");
        assertThat(item.frame()).isSameAs(item.frame());
        assertThat(new Item("ep", 6, newItem("{}")).dataJson()).isEqualTo("{\"id\":\"ep-6\"}");
    }

    @Test
    void aSyncItemAboutAnotherItemKeepsThatItemsIdInItsDataAndItsOwnOnTheIdLine() {
        byte[] update = "{\"id\":\"ep-2\",\"title\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
        Item item = new Item("ep", 7, new NewItem(ItemKind.SYNC, Target.everyone(), "notification.updated", null, update,
                1000, 2000, null, 0));
        assertThat(item.dataJson()).isEqualTo("{\"id\":\"ep-2\",\"title\":\"v2\"}");
        assertThat(new String(item.frame().bytes(), StandardCharsets.UTF_8)).startsWith("id: ep-7\n");
        // Only sync items (built by the hub) may: a custom event's data never names another id.
        assertThat(new Item("ep", 8, newItem("{\"id\":\"x\"}")).dataJson()).isEqualTo("{\"id\":\"ep-8\",\"id\":\"x\"}");
    }

    @Test
    void contentMustBeAnObjectAndExpiryAfterCreation() {
        assertThatThrownBy(() -> newItem("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewItem(ItemKind.EVENT, Target.user("u"), "ev", null, "{}".getBytes(StandardCharsets.UTF_8),
                1000, 1000, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsKnowTheirUsers() {
        assertThat(Target.user("a").includes("a")).isTrue();
        assertThat(Target.user("a").includes("b")).isFalse();
        assertThat(Target.everyone().includes("anyone")).isTrue();
        Target many = Target.users(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "u" + i).toList());
        assertThat(many.includes("u49")).isTrue();
        assertThat(many.includes("u50")).isFalse();
        assertThat(many.namedCount()).isEqualTo(50);
        assertThatThrownBy(() -> Target.users(java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
