package dev.herald.core.store.model;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A write command resolved against the history at the moment it runs: the call to make on either
 * store, how its answer is compared, and what it did (for the report's statistics). Resolved once
 * and called on both stores, so both get exactly the same request.
 *
 * @param what     names the call in a failure
 * @param call     the store call
 * @param view     the answer as compared ({@link Views})
 * @param outcomes what the model's answer says happened
 */
record Write<T>(String what, Function<Store, CompletableFuture<T>> call, BiFunction<Views, T, Object> view,
                Function<T, List<String>> outcomes) {

    /** The write for {@code command}, or null when it is not one. */
    static Write<?> of(Command command, History history, long now) {
        if (command instanceof Command.Publish p) {
            List<NewItem> items = p.drafts().stream().map(d -> d.build(now)).toList();
            return new Write<>("append", s -> s.append(items), (v, list) -> list.stream().map(v::appended).toList(),
                    list -> list.stream().map(a -> a.duplicate() ? "publish: duplicate"
                            : a.mergedIntoDigest() ? "publish: merged into a digest" : "publish: new").toList());
        }
        if (command instanceof Command.Flood f) {
            List<NewItem> items = IntStream.range(0, f.count()).mapToObj(i -> f.draft().build(now)).toList();
            return new Write<>("flood", s -> s.append(items), (v, list) -> list.stream().map(v::appended).toList(),
                    list -> List.of("flood of " + list.size()));
        }
        if (command instanceof Command.Prune) {
            return new Write<>("prune", s -> s.prune(now), (v, n) -> n,
                    n -> List.of(n > 0 ? "prune: removed items" : "prune: nothing expired"));
        }
        if (command instanceof Command.Change c) {
            return change(c, history.pick(c.pick(), c.user()), now);
        }
        if (command instanceof Command.ReadAll r) {
            return new Write<>("read all", s -> s.markAllRead(r.user(), now), Views::change, c -> List.of("read all"));
        }
        if (command instanceof Command.Bulk b) {
            InboxBulk bulk = b.picks() == null
                    ? InboxBulk.all(b.action(), new InboxBulk.Filter(b.category(), b.read(), b.archived()))
                    : InboxBulk.ids(b.action(), b.picks().stream().map(p -> history.pick(p, b.user())).toList());
            String kind = "bulk " + b.action() + (bulk.all() ? " of all" : " of ids");
            return new Write<>(bulk.toString(), s -> s.bulk(b.user(), bulk, now), Views::bulk,
                    c -> List.of(kind + (c.changed() > 0 ? ": changed some" : ": changed none")));
        }
        if (command instanceof Command.Preferences p) {
            return new Write<>("preferences", s -> s.setPreferences(p.user(), p.types(), p.categories(), p.push(), now),
                    Views::change, c -> List.of("preferences"));
        }
        if (command instanceof Command.Edit e) {
            long seq = history.pick(e.pick(), null);
            NotificationEdit edit = content -> edited(e.title(), e.category());
            return new Write<>("edit of " + seq, s -> s.edit(seq, edit, now), Views::publisherChange,
                    c -> List.of(c.found() ? "edit: found" : "edit: not found"));
        }
        if (command instanceof Command.Retract r) {
            long seq = history.pick(r.pick(), null);
            return new Write<>("retraction of " + seq, s -> s.retract(seq, now), Views::publisherChange,
                    c -> List.of(c.found() ? "retract: found" : "retract: not found"));
        }
        return null;
    }

    private static Write<InboxChange> change(Command.Change c, long seq, long now) {
        String user = c.user();
        Function<Store, CompletableFuture<InboxChange>> call = switch (c.op()) {
            case READ -> s -> s.markRead(user, seq, now);
            case SEEN -> s -> s.markSeen(user, seq, now);
            case UNREAD -> s -> s.markUnread(user, seq, now);
            case ARCHIVE -> s -> s.archive(user, seq, now);
            case UNARCHIVE -> s -> s.unarchive(user, seq, now);
            case DELETE -> s -> s.delete(user, seq, now);
            case ACT -> s -> s.act(user, seq, "open", now);
            case ACT_UNKNOWN -> s -> s.act(user, seq, "missing", now);
        };
        return new Write<>(c.op() + " of " + seq, call, Views::change,
                change -> List.of(c.op() + (change.found() ? ": found" : ": not found")));
    }

    /** A publisher's new version: a new title and category, whatever the stored one said. */
    private static NotificationEdit.Edited edited(int title, String category) {
        String content = "{\"type\":\"t\",\"category\":" + (category == null ? "null" : "\"" + category + "\"")
                + ",\"title\":\"edited " + title + "\",\"tags\":[\"a\"]}";
        return new NotificationEdit.Edited(content.getBytes(StandardCharsets.UTF_8), category);
    }
}
