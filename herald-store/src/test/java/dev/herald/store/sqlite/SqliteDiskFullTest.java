package dev.herald.store.sqlite;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.core.store.StoreWaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A full disk under the SQLite store, on a real (small) filesystem: writes are refused while it is
 * full and nothing of a refused write is stored; when space returns the store writes again by
 * itself, its numbering intact, also after a restart.
 */
class SqliteDiskFullTest {
    private static final int ITEM_BYTES = 6 * 1024;

    private SmallDisk disk;
    private Store store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aRefusedWriteLeavesNothingAndTheStoreRecoversWhenSpaceReturns() throws InterruptedException {
        disk = SmallDisk.mount(12);
        store = SqliteStore.open(disk.path().resolve("data"), StoreOptions.defaults());
        Set<String> acknowledged = new HashSet<>();
        Set<String> refused = new HashSet<>();
        append(List.of("before-1", "before-2"), acknowledged, refused);
        assertThat(refused).isEmpty();

        disk.fill();
        // Keep writing (batches of several items, so a refusal can land mid-transaction) until the
        // disk has refused a good number of them.
        int batch = 0;
        while (refused.size() < 60 && batch < 2000) {
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                titles.add("full-" + batch + "-" + i);
            }
            append(titles, acknowledged, refused);
            batch++;
        }
        assertThat(refused).as("the full disk refused writes").hasSizeGreaterThanOrEqualTo(60);
        assertThat(store.unavailableReason()).startsWith("SQLITE_FULL");
        // Retention is a write like the others: refused, and it removes nothing.
        long everythingExpired = System.currentTimeMillis() + 7_200_000;
        assertThat(catchThrowable(() -> store.prune(everythingExpired).join())).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(HeraldException.class,
                        h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));

        disk.free();
        // No write from the test: the store's own probe finds the space and ends the outage.
        StoreWaits.awaitWritesTakenAgain(store);
        append(List.of("after-1", "after-2"), acknowledged, refused);
        assertThat(refused).doesNotContain("after-1", "after-2");
        assertExactly(store, acknowledged);

        store.close();
        store = SqliteStore.open(disk.path().resolve("data"), StoreOptions.defaults());
        append(List.of("restarted"), acknowledged, refused);
        assertThat(refused).doesNotContain("restarted");
        assertExactly(store, acknowledged);
    }

    /** The log holds exactly the acknowledged titles, numbered 1..head without a hole. */
    private static void assertExactly(Store store, Set<String> acknowledged) {
        long head = store.bounds().join().head();
        List<Item> all = new ArrayList<>();
        for (long after = 0; after < head; ) {
            List<Item> page = store.range(after, head, 500).join();
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertThat(all).extracting(Item::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, head).boxed().toList());
        Set<String> stored = new HashSet<>();
        for (Item item : all) {
            String content = new String(item.content(), StandardCharsets.UTF_8);
            stored.add(content.substring(content.indexOf("\"title\":\"") + 9, content.indexOf("\",\"pad\"")));
        }
        assertThat(stored).isEqualTo(acknowledged);
    }

    /**
     * Found by the chaos checker: each small change writes a few 4 KiB pages to the WAL, and the WAL
     * was checkpointed only at 64 MiB. On a 48 MiB disk it filled the disk first; then no commit fit,
     * so the checkpoint that follows a commit never came, and the store refused every write for good
     * (a 335 KB database behind a 35 MB WAL). On a small disk the WAL is now checkpointed at an
     * eighth of the free space.
     */
    @Test
    void manySmallChangesOnASmallDiskNeverFillItWithTheWal() throws Exception {
        disk = SmallDisk.mount(48);
        Path data = disk.path().resolve("data");
        store = SqliteStore.open(data, StoreOptions.defaults());
        long walMax = 0;
        // About 40 KiB of WAL per change before the fix: some 80 MiB in all, far past the disk.
        for (int i = 0; i < 2_000; i++) {
            store.setPreferences("u" + (i % 5), List.of("type" + (i % 7)), List.of("cat" + (i % 3)), i % 2 == 0,
                    System.currentTimeMillis()).join();
            walMax = Math.max(walMax, Files.size(data.resolve(SqliteStore.DATABASE_FILE + "-wal")));
        }
        assertThat(walMax).as("the WAL's largest size").isLessThan(16L << 20);
        assertThat(store.muted("u4").join().types()).containsExactly("type" + (1_999 % 7));
    }

    @Test
    void theCheckpointThresholdIsAnEighthOfTheFreeSpaceWithinSqlitesDefaultAnd64MiB() {
        assertThat(SqliteStore.walCheckpointPages(Long.MAX_VALUE)).isEqualTo(SqliteStore.WAL_CHECKPOINT_PAGES);
        assertThat(SqliteStore.walCheckpointPages(48L << 20)).isEqualTo(1_536);
        assertThat(SqliteStore.walCheckpointPages(1L << 20)).isEqualTo(1_000);
    }

    private void append(List<String> titles, Set<String> acknowledged, Set<String> refused) {
        List<NewItem> items = titles.stream().map(SqliteDiskFullTest::item).toList();
        try {
            List<Appended> out = store.append(items).join();
            assertThat(out).hasSize(titles.size());
            acknowledged.addAll(titles);
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(HeraldException.class,
                    h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
            refused.addAll(titles);
        }
    }

    private static NewItem item(String title) {
        long now = System.currentTimeMillis();
        String content = "{\"type\":\"t\",\"title\":\"" + title + "\",\"pad\":\"" + "x".repeat(ITEM_BYTES) + "\"}";
        return new NewItem(ItemKind.NOTIFICATION, Target.user("u" + (title.hashCode() & 7)), "notification", "t",
                content.getBytes(StandardCharsets.UTF_8), now, now + 3_600_000, null, System.nanoTime());
    }
}
