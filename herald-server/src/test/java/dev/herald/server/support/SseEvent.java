package dev.herald.server.support;

/** One dispatched SSE event as a client sees it (event defaults to "message"). */
public record SseEvent(String id, String event, String data) {
}
