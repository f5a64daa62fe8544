package dev.herald.core.store.model;

import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.Target;
import dev.herald.core.store.LogBounds;
import dev.herald.core.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Every item the model's log ever held (its number, kind and target at the time), so commands can
 * pick notifications and positions by what happened, including what retention has removed since.
 */
final class History {
    private record Issued(long seq, ItemKind kind, Target target) {
    }

    private final List<Issued> issued = new ArrayList<>();
    private long seen;
    private LogBounds bounds = new LogBounds(0, 0);

    /** Records what the model appended since the last call (call after every command). */
    void catchUp(Store model) {
        bounds = model.bounds().join();
        for (Item item : model.range(seen, bounds.head(), Integer.MAX_VALUE).join()) {
            issued.add(new Issued(item.seq(), item.kind(), item.target()));
        }
        seen = bounds.head();
    }

    LogBounds bounds() {
        return bounds;
    }

    long pick(Command.Pick pick, String user) {
        List<Long> from = switch (pick.scope()) {
            case MINE -> notifications(user);
            case NOTIFICATION -> notifications(null);
            case ANY -> List.of();
        };
        if (from.isEmpty()) {
            // Any number up to one past the head: events, sync items, other users' items, unknown.
            return Math.floorMod(pick.index(), bounds.head() + 1) + 1;
        }
        // Counted from the newest: small indexes (the common ones) name recent notifications.
        return from.get(from.size() - 1 - Math.floorMod(pick.index(), from.size()));
    }

    long position(Command.Position position, String user) {
        long head = bounds.head();
        long horizon = bounds.horizon();
        int offset = position.offset();
        return switch (position.anchor()) {
            case ZERO -> 0;
            case HORIZON -> horizon;
            case BELOW_HORIZON -> horizon == 0 ? 0 : horizon - 1 - Math.floorMod(offset, horizon);
            case HEAD -> head;
            case PAST_HEAD -> head + 1 + Math.floorMod(offset, 3);
            case ANY -> Math.floorMod(offset, head + 1);
            case OTHER_USERS_ITEM -> {
                List<Long> others = issued.stream().filter(i -> !i.target().includes(user)).map(Issued::seq).toList();
                yield others.isEmpty() ? Math.floorMod(offset, head + 1) : others.get(Math.floorMod(offset, others.size()));
            }
        };
    }

    /** Notifications addressed to {@code user} (every notification when null), in log order. */
    private List<Long> notifications(String user) {
        return issued.stream().filter(i -> i.kind() == ItemKind.NOTIFICATION)
                .filter(i -> user == null || i.target().includes(user)).map(Issued::seq).toList();
    }
}
