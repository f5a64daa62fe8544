package dev.herald.core.bus;

import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.Target;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form in which a bus carries one publish (a batch of committed items) between
 * nodes: the sending node's id, then per item its sequence number, kind, addressing, event name,
 * type, category, collapse key and rate, content and times. A broadcast is one message however many users it reaches; an explicit
 * list carries its user ids once. The epoch is not carried: a bus channel belongs to one database.
 */
public final class ItemCodec {
    // 2 added the category after the type. A node of version 2 still reads version 1 (no category), so
    // old nodes' publishes reach it live during a rolling upgrade; a node of version 1 drops a version-2
    // message and catches up from the store, so nothing is lost either way.
    // 3 added the collapse key and its rate after the category, the same way: a node of version 3 reads
    // 1 and 2 (nothing collapses), a node of version 2 drops a version-3 message and catches up.
    private static final byte VERSION = 3;
    private static final byte VERSION_WITHOUT_COLLAPSE = 2;
    private static final byte VERSION_WITHOUT_CATEGORY = 1;
    private static final byte TO_USER = 0;
    private static final byte TO_LIST = 1;
    private static final byte TO_EVERYONE = 2;
    private static final ItemKind[] KINDS = ItemKind.values();

    private ItemCodec() {
    }

    /** A decoded message: who sent it and what. */
    public record Message(String origin, List<Item> items) {
    }

    public static byte[] encode(String origin, List<Item> items) {
        int size = 16 + origin.length();
        for (Item item : items) {
            size += 64 + item.content().length + item.event().length();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(origin);
            out.writeInt(items.size());
            for (Item item : items) {
                out.writeLong(item.seq());
                out.writeByte(item.kind().ordinal());
                writeTarget(out, item.target());
                out.writeUTF(item.event());
                out.writeBoolean(item.type() != null);
                if (item.type() != null) {
                    out.writeUTF(item.type());
                }
                out.writeBoolean(item.category() != null);
                if (item.category() != null) {
                    out.writeUTF(item.category());
                }
                out.writeBoolean(item.collapseKey() != null);
                if (item.collapseKey() != null) {
                    out.writeUTF(item.collapseKey());
                    out.writeDouble(item.maxRatePerSecond());
                }
                out.writeInt(item.content().length);
                out.write(item.content());
                out.writeLong(item.createdAtMillis());
                out.writeLong(item.expiresAtMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a message into items of {@code epoch}. Throws {@link IllegalArgumentException} for
     * anything malformed or of an unknown version, so a bad message is dropped, never half-read.
     */
    public static Message decode(String epoch, byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_COLLAPSE && version != VERSION_WITHOUT_CATEGORY) {
                throw new IllegalArgumentException("unknown bus message version");
            }
            boolean hasCategory = version != VERSION_WITHOUT_CATEGORY;
            boolean hasCollapse = version == VERSION;
            String origin = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > message.length) {
                throw new IllegalArgumentException("bad item count " + count);
            }
            List<Item> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long seq = in.readLong();
                int kind = in.readUnsignedByte();
                if (kind >= KINDS.length) {
                    throw new IllegalArgumentException("unknown item kind " + kind);
                }
                Target target = readTarget(in, message.length);
                String event = in.readUTF();
                String type = in.readBoolean() ? in.readUTF() : null;
                String category = hasCategory && in.readBoolean() ? in.readUTF() : null;
                String collapseKey = null;
                double rate = 0;
                if (hasCollapse && in.readBoolean()) {
                    collapseKey = in.readUTF();
                    rate = in.readDouble();
                    if (!(rate >= 0) || KINDS[kind] != ItemKind.EVENT) {
                        throw new IllegalArgumentException("bad collapse key or rate");
                    }
                }
                int length = in.readInt();
                if (length < 2 || length > message.length) {
                    throw new IllegalArgumentException("bad content length " + length);
                }
                byte[] content = in.readNBytes(length);
                if (content.length != length) {
                    throw new IllegalArgumentException("truncated content");
                }
                long created = in.readLong();
                long expires = in.readLong();
                items.add(new Item(epoch, seq, KINDS[kind], target, event, type, category, content, created,
                        expires, 0, collapseKey, rate));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after the last item");
            }
            return new Message(origin, items);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated bus message", e);
        }
    }

    private static void writeTarget(DataOutputStream out, Target target) throws IOException {
        if (target.isBroadcast()) {
            out.writeByte(TO_EVERYONE);
        } else if (target.userId() != null) {
            out.writeByte(TO_USER);
            out.writeUTF(target.userId());
        } else {
            out.writeByte(TO_LIST);
            out.writeInt(target.userIds().size());
            for (String user : target.userIds()) {
                out.writeUTF(user);
            }
        }
    }

    private static Target readTarget(DataInputStream in, int messageLength) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case TO_EVERYONE:
                return Target.everyone();
            case TO_USER:
                return Target.user(in.readUTF());
            case TO_LIST:
                int n = in.readInt();
                if (n < 1 || n > messageLength) {
                    throw new IllegalArgumentException("bad recipient count " + n);
                }
                List<String> users = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    users.add(in.readUTF());
                }
                return Target.users(users);
            default:
                throw new IllegalArgumentException("unknown addressing " + kind);
        }
    }
}
