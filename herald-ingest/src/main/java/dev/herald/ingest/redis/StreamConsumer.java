package dev.herald.ingest.redis;

import dev.herald.core.ingest.IngestBatches;
import dev.herald.core.ingest.IngestMessage;
import dev.herald.core.ingest.IngestSink;
import dev.herald.core.ingest.IngestStats;
import dev.herald.ingest.redis.RedisCommands.RedisReplyException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Consumes one stream while this node holds its lease, on its own thread: first every entry pending
 * in the group (a dead or previous owner's, claimed with {@code XAUTOCLAIM}), then new ones, one batch
 * at a time; a batch is acknowledged ({@code XACK}) only after {@link IngestBatches#deliver} settled it.
 */
final class StreamConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);
    static final int BATCH = 200;
    static final long BLOCK_MS = 1_000;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;
    /** The dead letter and the acknowledgement in one step: a crash between them cannot set it aside twice. */
    private static final String DEAD_LETTER = """
            local f = {'body', ARGV[3]}
            if ARGV[6] ~= '' then f[#f + 1] = 'kind'; f[#f + 1] = ARGV[6] end
            f[#f + 1] = 'code'; f[#f + 1] = ARGV[4]
            f[#f + 1] = 'message'; f[#f + 1] = ARGV[5]
            f[#f + 1] = 'id'; f[#f + 1] = ARGV[2]
            local id = redis.call('XADD', KEYS[2], '*', unpack(f))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return id""";

    private final String stream;
    private final String group;
    private final String consumer;
    private final RedisCommands redis;
    private final IngestSink sink;
    private final IngestStats stats;
    private final BooleanSupplier sourceClosed;
    private final long leaseValidForNanos;
    private volatile long leaseValidUntil;
    private volatile boolean stopRequested;
    private volatile boolean finished;

    StreamConsumer(String stream, String group, String consumer, RedisCommands redis, IngestSink sink,
                   IngestStats stats, BooleanSupplier sourceClosed, LeaseTiming timing, long leaseSentAtNanos) {
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        this.redis = redis;
        this.sink = sink;
        this.stats = stats;
        this.sourceClosed = sourceClosed;
        this.leaseValidForNanos = timing.validForMs() * 1_000_000;
        extendLease(leaseSentAtNanos);
    }

    String stream() {
        return stream;
    }

    /** The lease was taken or renewed by a command sent at {@code sentAtNanos}. */
    void extendLease(long sentAtNanos) {
        leaseValidUntil = sentAtNanos + leaseValidForNanos;
    }

    /** Another node holds the lease now: abandon at once, whatever is in hand. */
    void leaseLost() {
        leaseValidUntil = System.nanoTime() - 1;
        stopRequested = true;
    }

    /** Finish the batch in hand, then stop (the lease is given back to share the streams out). */
    void requestStop() {
        stopRequested = true;
    }

    boolean finished() {
        return finished;
    }

    private boolean leaseValid() {
        return System.nanoTime() - leaseValidUntil < 0;
    }

    /** Abandon even a batch in hand (unacknowledged: it comes again to the next owner). */
    private boolean abandon() {
        return sourceClosed.getAsBoolean() || !leaseValid();
    }

    private boolean running() {
        return !stopRequested && !abandon();
    }

    @Override
    public void run() {
        long backoff = FIRST_BACKOFF_MS;
        boolean prepared = false;
        boolean pending = true;
        try {
            while (running()) {
                try {
                    if (!prepared) {
                        ensureGroup();
                        claimPending();
                        prepared = true;
                        pending = true;
                    }
                    // Id 0 reads this consumer's own pending entries (claimed or left by a failed ack) first.
                    Response answer = pending ? read("0", -1) : read(">", BLOCK_MS);
                    List<StreamEntries.Entry> entries = StreamEntries.parse(stream, answer);
                    if (entries.isEmpty()) {
                        pending = false;
                        continue;
                    }
                    if (!running()) {
                        break;
                    }
                    List<IngestMessage> batch = new ArrayList<>(entries.size());
                    entries.stream().filter(e -> e.message() != null).forEach(e -> batch.add(e.message()));
                    if (!batch.isEmpty() && !IngestBatches.deliver(batch, sink, this::deadLetter, stats, this::abandon)) {
                        break;
                    }
                    ack(entries);
                    backoff = FIRST_BACKOFF_MS;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // Whatever was read but not acknowledged is pending: read it again first after the pause.
                    prepared = false;
                    stats.countRetry(IngestStats.SOURCE_UNAVAILABLE, describe(e));
                    if (backoff == FIRST_BACKOFF_MS) {
                        log.warn("ingest redis-streams: stream {} failed ({}); retrying", stream, describe(e));
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            redis.close();
            finished = true;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** From the start ({@code 0}): entries written before the hub first ran are published too. */
    private void ensureGroup() throws Exception {
        try {
            redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(group).arg("0").arg("MKSTREAM"));
        } catch (RedisReplyException e) {
            if (!e.is("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * Makes every pending entry of the group this consumer's (holding the lease, no one else consumes
     * the stream), so they are published first and in id order; then forgets consumers with nothing
     * pending, so restarted nodes do not pile up in {@code XINFO CONSUMERS}.
     */
    private void claimPending() throws Exception {
        String cursor = "0-0";
        do {
            Response r = redis.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(group).arg(consumer).arg(0)
                    .arg(cursor).arg("COUNT").arg(1000).arg("JUSTID"));
            cursor = r.get(0).toString();
        } while (!"0-0".equals(cursor));
        for (Response c : redis.send(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(stream).arg(group))) {
            String name = null;
            long pendingCount = -1;
            for (int i = 0; i + 1 < c.size(); i += 2) {
                switch (c.get(i).toString()) {
                    case "name" -> name = c.get(i + 1).toString();
                    case "pending" -> pendingCount = c.get(i + 1).toLong();
                    default -> { }
                }
            }
            if (name != null && !name.equals(consumer) && pendingCount == 0) {
                redis.send(Request.cmd(Command.XGROUP).arg("DELCONSUMER").arg(stream).arg(group).arg(name));
            }
        }
    }

    private Response read(String from, long blockMs) throws Exception {
        Request r = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT").arg(BATCH);
        if (blockMs >= 0) {
            r.arg("BLOCK").arg(blockMs);
        }
        r.arg("STREAMS").arg(stream).arg(from);
        return redis.send(r, Math.max(0, blockMs) + RedisCommands.TIMEOUT_MS);
    }

    private void ack(List<StreamEntries.Entry> entries) throws Exception {
        Request r = Request.cmd(Command.XACK).arg(stream).arg(group);
        entries.forEach(e -> r.arg(e.id()));
        redis.send(r);
    }

    private void deadLetter(IngestMessage m, String code, String reason) throws Exception {
        redis.send(Request.cmd(Command.EVAL).arg(DEAD_LETTER).arg(2).arg(stream).arg(stream + ":dead")
                .arg(group).arg(StreamEntries.id(m)).arg(m.body()).arg(code).arg(reason == null ? "" : reason)
                .arg(m.kind() == null ? "" : m.kind()));
    }
}
