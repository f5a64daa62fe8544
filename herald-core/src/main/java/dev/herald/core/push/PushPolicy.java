package dev.herald.core.push;

/** When a notification goes out as Web Push: the {@code push} field of a publish. */
public enum PushPolicy {
    /** Only to a recipient with no open stream anywhere in the cluster (the default). */
    OFFLINE,
    /** To every subscribed browser of the recipient, whether or not a stream is open. */
    ALWAYS,
    /** Never. */
    NEVER;

    /** The policy of a stored notification's {@code push} member; absent or unknown is the default. */
    public static PushPolicy of(String value) {
        if ("always".equals(value)) {
            return ALWAYS;
        }
        return "never".equals(value) ? NEVER : OFFLINE;
    }
}
