package dev.herald.core.hub;

import dev.herald.core.sse.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that stops reading when the test says so and reads again when told: while stalled every
 * write reports a full buffer (the frame is still kept, as a real buffer keeps it) until
 * {@link #resume()} runs the drain callback on the stream's thread.
 */
final class StallingSink implements Sink {
    private static final Pattern ID = Pattern.compile("^id: [a-z0-9]+-(\\d+)$", Pattern.MULTILINE);
    private static final Pattern DATA = Pattern.compile("^data: (.*)$", Pattern.MULTILINE);

    private final Executor executor;
    private final List<String> frames = new ArrayList<>();
    private boolean stalled;
    private Runnable onDrain;
    volatile CloseReason closed;

    StallingSink(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void start(Subscription subscription) {
    }

    @Override
    public synchronized boolean write(Frame frame) {
        frames.add(new String(frame.bytes(), StandardCharsets.UTF_8));
        return !stalled;
    }

    @Override
    public synchronized boolean writable() {
        return !stalled;
    }

    @Override
    public synchronized void whenWritable(Runnable action) {
        onDrain = action;
    }

    @Override
    public void close(CloseReason reason) {
        closed = reason;
    }

    synchronized void stall() {
        stalled = true;
    }

    /** The client reads everything: the buffer empties and the stream is told so. */
    void resume() {
        Runnable action;
        synchronized (this) {
            stalled = false;
            action = onDrain;
            onDrain = null;
        }
        if (action != null) {
            executor.execute(action);
        }
    }

    synchronized boolean waitingForDrain() {
        return onDrain != null;
    }

    /** The data of every delivered item frame, in order. */
    synchronized List<String> data() {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            Matcher id = ID.matcher(f);
            Matcher data = DATA.matcher(f);
            if (id.find() && data.find()) {
                out.add(data.group(1));
            }
        }
        return out;
    }

    synchronized List<Long> seqs() {
        List<Long> out = new ArrayList<>();
        for (String f : frames) {
            Matcher id = ID.matcher(f);
            if (id.find() && DATA.matcher(f).find()) {
                out.add(Long.parseLong(id.group(1)));
            }
        }
        return out;
    }
}
