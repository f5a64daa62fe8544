package dev.herald.core.push;

/** RFC 8030 Urgency. */
public enum PushUrgency {
    VERY_LOW("very-low"), LOW("low"), NORMAL("normal"), HIGH("high");

    private final String header;

    PushUrgency(String header) {
        this.header = header;
    }

    /** The value of the {@code Urgency} header (RFC 8030 §5.3). */
    public String header() {
        return header;
    }
}
