package dev.herald.core.inbox;

import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a user does not want pushed live: notifications of these types or these categories (they
 * still reach the inbox), and whether they want Web Push at all ({@code push}, on by default). Sets
 * keep the order the user gave.
 */
public record Muted(Set<String> types, Set<String> categories, boolean push) {
    public static final Muted NONE = new Muted(Set.of(), Set.of());

    public Muted {
        types = copy(types);
        categories = copy(categories);
    }

    // Every open stream keeps its user's Muted: the common empty case shares one immutable set
    // instead of holding two empty LinkedHashSets (about 200 bytes) per stream.
    private static Set<String> copy(Set<String> names) {
        return names.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** Muted types and categories with Web Push on. */
    public Muted(Set<String> types, Set<String> categories) {
        this(types, categories, true);
    }

    /** True for a notification of a muted type or category; events and sync items are never muted. */
    public boolean mutes(Item item) {
        if (item.kind() != ItemKind.NOTIFICATION) {
            return false;
        }
        return types.contains(item.type()) || item.category() != null && categories.contains(item.category());
    }
}
