package dev.herald.chaos;

/** Event ids are {@code <epoch>-<seq>}; within one database the seq orders them. */
final class EventIds {
    private EventIds() {
    }

    static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
