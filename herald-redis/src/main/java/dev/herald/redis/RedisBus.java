package dev.herald.redis;

import dev.herald.core.bus.Bus;
import dev.herald.core.bus.BusListener;
import dev.herald.core.bus.ItemCodec;
import dev.herald.core.item.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The cluster {@link Bus}: each publish is one Redis message (a broadcast too) on the channel of the
 * database's epoch, so nodes on different databases sharing a Redis never mix. This node's own items
 * go to its streams directly, without the round trip, and its own messages are skipped when they
 * come back. Whenever the {@link RedisLink} comes (back) up, the listener is told to catch up from
 * the store: whatever was published while the link was down is read there.
 */
public final class RedisBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final RedisLink link;
    private final String nodeId;
    private final String epoch;
    private volatile BusListener listener;
    private volatile boolean closed;

    public RedisBus(RedisLink link, String nodeId, String epoch) {
        this.link = link;
        this.nodeId = nodeId;
        this.epoch = epoch;
    }

    /** The channel of one database's items. */
    public static String channel(String epoch) {
        return "herald:{" + epoch + "}:items";
    }

    @Override
    public void start(BusListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        link.onMessage(this::onMessage);
        link.onUp(() -> {
            if (!closed) {
                listener.onResync();
            }
        });
    }

    @Override
    public void publish(List<Item> items) {
        BusListener l = listener;
        if (l == null || closed) {
            return;
        }
        l.onItems(items);
        link.publish(ItemCodec.encode(nodeId, items));
    }

    private void onMessage(byte[] bytes) {
        BusListener l = listener;
        if (l == null || closed) {
            return;
        }
        ItemCodec.Message message;
        try {
            message = ItemCodec.decode(epoch, bytes);
        } catch (IllegalArgumentException e) {
            // Not ours to read (another version, or garbage): the store still has every item.
            log.warn("dropped an unreadable bus message ({} bytes): {}", bytes.length, e.getMessage());
            return;
        }
        if (!message.origin().equals(nodeId)) {
            l.onItems(message.items());
        }
    }

    @Override
    public boolean healthy() {
        return !closed && link.healthy();
    }

    @Override
    public void close() {
        closed = true;
    }
}
