package dev.herald.server.metrics;

import dev.herald.core.hub.Hub;
import dev.herald.core.hub.HubMetrics;
import dev.herald.core.ingest.IngestStats;
import dev.herald.core.push.PushMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.herald.server.auth.JwksTokenKeys;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Exports the hub's counters and the JVM's figures in Prometheus text format via Micrometer. */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile PushMetrics push;
    private final List<IngestStats> ingest = new CopyOnWriteArrayList<>();

    public Metrics(Hub hub) {
        HubMetrics m = hub.metrics();
        // Every series names its node, so one Prometheus can scrape a whole cluster.
        registry.config().commonTags("node", hub.nodeId());
        Gauge.builder("herald.connections", hub.presence(), p -> p.connections())
                .description("open streams on this node").register(registry);
        Gauge.builder("herald.users", hub.presence(), p -> p.users())
                .description("users with at least one open stream on this node").register(registry);
        FunctionCounter.builder("herald.published", m, HubMetrics::published)
                .description("items appended to the log by this node").register(registry);
        FunctionCounter.builder("herald.delivered", m, HubMetrics::delivered)
                .description("item frames written to streams, replay included").register(registry);
        FunctionCounter.builder("herald.replayed", m, HubMetrics::replayed)
                .description("item frames written by replay after a reconnect").register(registry);
        FunctionCounter.builder("herald.slow.streams.dropped", m, HubMetrics::slowDropped)
                .description("streams cut off because their client could not keep up").register(registry);
        FunctionCounter.builder("herald.replay.overflows", m, HubMetrics::replayOverflows)
                .description("streams closed because live items piled up during their replay").register(registry);
        FunctionCounter.builder("herald.resets", m, HubMetrics::resets)
                .description("streams told their Last-Event-ID was unknown or expired").register(registry);
        FunctionCounter.builder("herald.events.coalesced", m, HubMetrics::coalesced)
                .description("events a stream skipped because a later one of the same collapse key superseded them")
                .register(registry);
        Timer latency = Timer.builder("herald.publish.to.write")
                .description("from a publish being accepted to its frame being written, per item and event loop")
                .publishPercentileHistogram()
                // Also kept as recent percentiles (a decaying window), for /v1/stats and the dashboard.
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        m.onPublishToWrite(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
        m.publishToWritePercentiles(q -> percentileMillis(latency, q));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The recent {@code q} percentile of a timer in ms, NaN before anything was recorded. */
    private static double percentileMillis(Timer timer, double q) {
        io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot = timer.takeSnapshot();
        if (snapshot.count() == 0) {
            return Double.NaN;
        }
        for (io.micrometer.core.instrument.distribution.ValueAtPercentile v : snapshot.percentileValues()) {
            if (v.percentile() == q) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /**
     * A request refused by a rate limit: {@code limit} is {@code publish} (tagged with the publisher
     * key's fingerprint, never the key) or {@code subscriber_writes} (not per user: that would be a
     * series per user).
     */
    public void rateLimited(String limit, String key) {
        registry.counter("herald.rate.limited", "limit", limit, "key", key).increment();
    }

    /** The identity provider's key set: fetches asked of it, and those that failed (unreachable, error, garbage). */
    public void jwks(JwksTokenKeys keys) {
        FunctionCounter.builder("herald.jwks.fetches", keys, JwksTokenKeys::fetches)
                .description("requests for the identity provider's key set (JWKS) made by this node").register(registry);
        FunctionCounter.builder("herald.jwks.fetch.failures", keys, JwksTokenKeys::failures)
                .description("requests for the identity provider's key set that failed").register(registry);
    }

    /** This node's Web Push figures; the queue depth is the shared store's. */
    public void push(PushMetrics push) {
        this.push = push;
        FunctionCounter.builder("herald.push.sent", push, PushMetrics::sent)
                .description("pushes the push service accepted, sent by this node").register(registry);
        FunctionCounter.builder("herald.push.failed", push, PushMetrics::failed)
                .description("pushes given up: rejected, expired or out of attempts").register(registry);
        FunctionCounter.builder("herald.push.gone", push, PushMetrics::gone)
                .description("subscriptions deleted because the push service answered 404 or 410").register(registry);
        FunctionCounter.builder("herald.push.retried", push, PushMetrics::retried)
                .description("sends to be tried again after 429, 5xx or a network error").register(registry);
        FunctionCounter.builder("herald.push.latency.total.ms", push, PushMetrics::latencyMillisTotal)
                .description("sum over sent pushes of the time from decision to acceptance").register(registry);
        Gauge.builder("herald.push.latency.max.ms", push, PushMetrics::latencyMillisMax)
                .description("longest time from decision to acceptance of a sent push").register(registry);
        Gauge.builder("herald.push.queue.depth", push, PushMetrics::queueDepth)
                .description("pending pushes in the store, as this node last read it").register(registry);
    }

    /** One ingest source's figures, tagged with its name. */
    public void ingest(IngestStats stats) {
        ingest.add(stats);
        FunctionCounter.builder("herald.ingest.processed", stats, IngestStats::processed).tag("source", stats.source())
                .description("messages of an ingest source settled by this node: published (or repeats) and dead-lettered")
                .register(registry);
        FunctionCounter.builder("herald.ingest.dead.lettered", stats, IngestStats::deadLettered).tag("source", stats.source())
                .description("messages of an ingest source set aside as never publishable").register(registry);
        FunctionCounter.builder("herald.ingest.retries", stats, IngestStats::retries).tag("source", stats.source())
                .description("batches offered again after the hub refused them or the source failed").register(registry);
        Gauge.builder("herald.ingest.lag", stats, IngestStats::lag).tag("source", stats.source())
                .description("messages waiting in an ingest source as this node sees it (-1: unknown)").register(registry);
    }

    /** The ingest sources' figures, in the order they were added. */
    public List<IngestStats> ingest() {
        return List.copyOf(ingest);
    }

    /** The Web Push figures, or null before {@link #push} (a node without delivery). */
    public PushMetrics push() {
        return push;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
