package dev.herald.server.config;

import dev.herald.store.postgres.PostgresUrl;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which ingest sources this node consumes (any number at once; none by default). Each part is null
 * when its source is not configured. URLs may carry passwords: never print them.
 */
public record IngestSettings(PostgresOutbox outbox, RedisStreams redis, Kafka kafka, Sqs sqs) {

    public record PostgresOutbox(String url, String table) {
    }

    /** @param leaseMs how long a stream's lease lives unrenewed: how soon a dead node's streams move */
    public record RedisStreams(String url, List<String> streams, String group, long leaseMs) {
    }

    /** @param sessionTimeoutMs how long the group waits for a silent node before its partitions move */
    public record Kafka(String bootstrapServers, List<String> topics, String group, long sessionTimeoutMs) {
    }

    /** @param visibilitySeconds how long received messages stay invisible: how soon a dead node's go to the others */
    public record Sqs(String queueUrl, String region, String endpoint, int visibilitySeconds) {
    }

    public static IngestSettings none() {
        return new IngestSettings(null, null, null, null);
    }

    public boolean any() {
        return outbox != null || redis != null || kafka != null || sqs != null;
    }

    static IngestSettings from(Map<Setting, String> v) {
        PostgresOutbox outbox = null;
        String outboxUrl = value(v, Setting.INGEST_POSTGRES_OUTBOX_URL);
        if (outboxUrl != null) {
            String table = value(v, Setting.INGEST_POSTGRES_OUTBOX_TABLE);
            // Spliced into SQL as an identifier: a plain (optionally schema-qualified) name only.
            if (table == null || !table.matches("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,56}")) {
                throw invalid(Setting.INGEST_POSTGRES_OUTBOX_TABLE,
                        "must be a lower-case SQL name ([schema.]name of a-z 0-9 _, at most 57 characters)", table);
            }
            try {
                PostgresUrl.parse(outboxUrl);
            } catch (IllegalArgumentException e) {
                // The parser names the wrong part and never echoes the URL: it may carry a password.
                throw new ConfigException("invalid configuration: " + Setting.INGEST_POSTGRES_OUTBOX_URL.env() + " ("
                        + Setting.INGEST_POSTGRES_OUTBOX_URL.flag() + ") " + e.getMessage());
            }
            outbox = new PostgresOutbox(outboxUrl, table);
        }
        RedisStreams redis = null;
        String redisUrl = value(v, Setting.INGEST_REDIS_URL);
        List<String> streams = list(v, Setting.INGEST_REDIS_STREAMS);
        if (redisUrl != null || !streams.isEmpty()) {
            requireTogether(Setting.INGEST_REDIS_URL, redisUrl, Setting.INGEST_REDIS_STREAMS, streams);
            try {
                dev.herald.redis.RedisUrl.parse(redisUrl);
            } catch (IllegalArgumentException e) {
                throw invalid(Setting.INGEST_REDIS_URL, e.getMessage(), null);
            }
            redis = new RedisStreams(redisUrl, streams, name(v, Setting.INGEST_REDIS_GROUP),
                    ConfigLoader.longIn(v, Setting.INGEST_REDIS_LEASE_MS, 1_000, 600_000));
        }
        Kafka kafka = null;
        String servers = value(v, Setting.INGEST_KAFKA_BOOTSTRAP_SERVERS);
        List<String> topics = list(v, Setting.INGEST_KAFKA_TOPICS);
        if (servers != null || !topics.isEmpty()) {
            requireTogether(Setting.INGEST_KAFKA_BOOTSTRAP_SERVERS, servers, Setting.INGEST_KAFKA_TOPICS, topics);
            for (String server : servers.split(",")) {
                // Checked here: the Kafka client would only say so later, in a log line, over and over.
                if (!server.trim().matches("[A-Za-z0-9._-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+]:[0-9]{1,5}")) {
                    throw invalid(Setting.INGEST_KAFKA_BOOTSTRAP_SERVERS, "entries must be host:port", server.trim());
                }
            }
            for (String t : topics) {
                if (!t.matches("[A-Za-z0-9._-]{1,243}")) {
                    throw invalid(Setting.INGEST_KAFKA_TOPICS, "topics are 1..243 of A-Z a-z 0-9 . _ -", t);
                }
            }
            kafka = new Kafka(servers, topics, name(v, Setting.INGEST_KAFKA_GROUP),
                    ConfigLoader.longIn(v, Setting.INGEST_KAFKA_SESSION_TIMEOUT_MS, 1_000, 1_800_000));
        }
        Sqs sqs = null;
        String queueUrl = value(v, Setting.INGEST_SQS_QUEUE_URL);
        if (queueUrl != null) {
            checkHttpUrl(Setting.INGEST_SQS_QUEUE_URL, queueUrl);
            String endpoint = value(v, Setting.INGEST_SQS_ENDPOINT);
            if (endpoint != null) {
                checkHttpUrl(Setting.INGEST_SQS_ENDPOINT, endpoint);
            }
            sqs = new Sqs(queueUrl, name(v, Setting.INGEST_SQS_REGION), endpoint,
                    (int) ConfigLoader.longIn(v, Setting.INGEST_SQS_VISIBILITY_SECONDS, 2, 43_200));
        } else if (value(v, Setting.INGEST_SQS_ENDPOINT) != null) {
            throw new ConfigException("invalid configuration: " + Setting.INGEST_SQS_ENDPOINT.env() + " needs "
                    + Setting.INGEST_SQS_QUEUE_URL.env());
        }
        return new IngestSettings(outbox, redis, kafka, sqs);
    }

    private static void requireTogether(Setting a, String aValue, Setting b, List<String> bValue) {
        if (aValue == null || bValue.isEmpty()) {
            throw new ConfigException("invalid configuration: " + a.env() + " and " + b.env() + " go together");
        }
    }

    private static void checkHttpUrl(Setting s, String url) {
        try {
            URI u = new URI(url);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw invalid(s, "must be an http:// or https:// URL", url);
            }
        } catch (java.net.URISyntaxException e) {
            throw invalid(s, "must be an http:// or https:// URL", url);
        }
    }

    private static String name(Map<Setting, String> v, Setting s) {
        String n = value(v, s);
        if (n == null || !n.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw invalid(s, "must be 1..200 of A-Z a-z 0-9 . _ : -", n);
        }
        return n;
    }

    private static String value(Map<Setting, String> v, Setting s) {
        String x = v.get(s);
        return x == null || x.isBlank() ? null : x.trim();
    }

    private static List<String> list(Map<Setting, String> v, Setting s) {
        String x = value(v, s);
        if (x == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(x.split(",")).map(String::trim).filter(e -> !e.isEmpty()).distinct().forEach(out::add);
        return List.copyOf(out);
    }

    private static ConfigException invalid(Setting s, String rule, String value) {
        // The value is echoed only when it cannot be a secret (never a URL with credentials).
        String shown = value == null || value.contains("@") ? "" : ", got '" + value + "'";
        return new ConfigException("invalid configuration: " + s.env() + " (" + s.flag() + ") " + rule + shown);
    }
}
