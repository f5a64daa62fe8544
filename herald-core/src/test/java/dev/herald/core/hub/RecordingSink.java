package dev.herald.core.hub;

import dev.herald.core.sse.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sink that keeps what it was sent. It can pretend to be a client with a small buffer: after
 * {@code capacity} unread frames it reports "full" and drains later on its executor. The small
 * buffer applies to the first {@code limitedFrames} frames only (the replay), so that a test can
 * exercise pausing without the live phase being cut off as too slow.
 */
final class RecordingSink implements Sink {
    private static final Pattern ID = Pattern.compile("^id: [a-z0-9]+-(\\d+)$", Pattern.MULTILINE);
    private static final Pattern EVENT = Pattern.compile("^event: (.+)$", Pattern.MULTILINE);

    private final List<String> frames = new ArrayList<>();
    private final Executor executor;
    private final int capacity;
    private final int limitedFrames;
    private int unsent;
    volatile CloseReason closed;
    volatile boolean started;

    RecordingSink(Executor executor, int capacity) {
        this(executor, capacity, Integer.MAX_VALUE);
    }

    RecordingSink(Executor executor, int capacity, int limitedFrames) {
        this.executor = executor;
        this.capacity = capacity;
        this.limitedFrames = limitedFrames;
    }

    @Override
    public void start(Subscription subscription) {
        started = true;
    }

    @Override
    public synchronized boolean write(Frame frame) {
        frames.add(new String(frame.bytes(), StandardCharsets.UTF_8));
        unsent++;
        return unsent < capacity || frames.size() > limitedFrames;
    }

    @Override
    public synchronized boolean writable() {
        return unsent < capacity || frames.size() >= limitedFrames;
    }

    @Override
    public void whenWritable(Runnable action) {
        // The "client" reads everything a moment later.
        executor.execute(() -> {
            synchronized (this) {
                unsent = 0;
            }
            action.run();
        });
    }

    @Override
    public void close(CloseReason reason) {
        closed = reason;
    }

    synchronized List<String> frames() {
        return new ArrayList<>(frames);
    }

    /** Sequence numbers of delivered items (frames with an id and an event), in order. */
    synchronized List<Long> itemSeqs() {
        List<Long> out = new ArrayList<>();
        for (String f : frames) {
            Matcher id = ID.matcher(f);
            if (id.find() && EVENT.matcher(f).find() && !f.contains("event: reset")) {
                out.add(Long.parseLong(id.group(1)));
            }
        }
        return out;
    }

    synchronized List<String> eventNames() {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            Matcher m = EVENT.matcher(f);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
