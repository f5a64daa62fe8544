package dev.herald.chaos;

/** One violation of a promise, found by the {@link Checker}: what kind, about whom, and the evidence. */
record Anomaly(Kind kind, String subject, String detail, long atMs) {
    enum Kind {
        /** An acknowledged publish never reached a stream of its user that was open after it. */
        LOST,
        /** A stream received the same item (or the same idempotency key) twice. */
        DUPLICATE,
        /** A stream received an item below one it had already received. */
        REORDERED,
        /** A stream or an inbox held another user's item. */
        FOREIGN,
        /**
         * A publish the hub refused (503 store_unavailable says nothing was stored, unless it says the
         * commit was not confirmed) was stored after all:
         * it was delivered, or a retry with its key was answered as a replay.
         */
        REFUSED_BUT_STORED,
        /** A stream or an inbox held an item no client ever published. */
        PHANTOM,
        /** An item arrived with another id than its publish was acknowledged with. */
        ID_MISMATCH,
        /** A stream was told to reset: it could not resume where it was. */
        RESET,
        /** A stream did not receive its user's fence once every fault was healed. */
        STALLED,
        /** An acknowledged, undeleted notification is missing from its user's inbox. */
        INBOX_MISSING,
        /** A notification whose delete was acknowledged is back in the inbox. */
        INBOX_RESURRECTED,
        /** A notification whose read was acknowledged is unread. */
        READ_LOST,
        /** A notification nobody tried to read is read. */
        READ_SPURIOUS,
        /** An inbox's counts do not match its items. */
        COUNT_MISMATCH,
        /** A user's preferences are not what their last acknowledged change set. */
        PREFERENCES_DIVERGED,
        /** A read or delete of an existing, undeleted notification was answered 404. */
        NOT_FOUND,
        /** A reply no correct hub gives (500, 401, a 4xx to a valid request). */
        UNEXPECTED_STATUS,
        /** A process did not come back, or a node was not healthy again after the faults ended. */
        UNAVAILABLE
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + detail;
    }
}
