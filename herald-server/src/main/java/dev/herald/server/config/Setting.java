package dev.herald.server.config;

/**
 * Every setting Herald reads, with its default: the one place they are listed. Each is an
 * environment variable, a key of the same name in a config file, and a CLI flag derived from it
 * ({@code HERALD_MAX_CONNECTIONS_PER_USER} is {@code --max-connections-per-user}).
 */
public enum Setting {
    HOST("127.0.0.1", "bind address"),
    PORT("8080", "port; 0 picks a free one"),
    DATA_DIR("./herald-data", "where the embedded SQLite store (herald.db) and generated secrets live"),
    POSTGRES_URL(null, "PostgreSQL for the durable store instead of SQLite: postgresql://user:pass@host:5432/db or jdbc:postgresql://..."),
    REDIS_URL(null, "Redis for cluster mode (needs HERALD_POSTGRES_URL): redis://[user:pass@]host:6379[/db] or rediss:// for TLS"),
    NODE_ID(null, "this node's id in logs, stats and metrics (1..64 of A-Z a-z 0-9 . _ -); generated when unset"),
    JWT_SECRET(null, "HS256 secret for subscriber tokens (>= 32 bytes); generated once and saved in the data dir"),
    JWT_JWKS_URL(null, "an identity provider's key set (JWKS), http:// or https://: subscriber tokens signed with its keys"
            + " (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA) are accepted beside the hub's own HS256 tokens"),
    JWT_ISSUER(null, "with HERALD_JWT_JWKS_URL: the exact iss the provider's tokens must carry; unset accepts any"),
    JWT_AUDIENCE(null, "with HERALD_JWT_JWKS_URL: a value the provider's tokens' aud must contain; unset accepts any"),
    JWT_USER_CLAIM("sub", "with HERALD_JWT_JWKS_URL: the claim of the provider's tokens that holds the user id"),
    API_KEYS(null, "comma-separated publisher keys; one is generated once, saved and printed at start"),
    VAPID_PUBLIC_KEY(null, "Web Push: the VAPID public key, base64url of the uncompressed P-256 point (browsers'"
            + " applicationServerKey); set with HERALD_VAPID_PRIVATE_KEY; both generated once and saved in the data dir when"
            + " unset; required in cluster mode"),
    VAPID_PRIVATE_KEY(null, "Web Push: the VAPID private key, base64url of the 32-byte P-256 private key; never logged"),
    VAPID_SUBJECT(null, "Web Push: the contact push services may use, a mailto: or https: URI; "
            + "mailto:webpush@herald.invalid when unset on one node; required in cluster mode"),
    DEV_MODE(null, "true hands anyone a subscriber token for any user at /dev/token (the /?user= demo page);"
            + " on by default only when the hub generated both its API key and JWT secret; never in cluster mode"),
    HEARTBEAT_MS("25000", "heartbeat period on streams"),
    MAX_CONNECTIONS_PER_USER("5", "open streams one user may hold"),
    CORS_ORIGINS("", "comma-separated browser origins allowed to call the hub; * allows any, without credentials"),
    PUSH_ALLOWED_HTTP_HOSTS("", "comma-separated host[:port]s whose Web Push endpoints may be http:// (a local push"
            + " service in tests); every other endpoint must be https://"),
    PUSH_LEASE_SECONDS("60", "how long a node's claim on a Web Push lasts: a push whose node died mid-send is sent"
            + " again by any node after this; longer than the slowest push service answers"),
    RETRY_MS("2000", "the reconnect delay the hub asks browsers to use (SSE retry field)"),
    STREAM_BUFFER_BYTES("262144", "unsent bytes one stream may hold before it is cut off as too slow;"
            + " while it replays, also the bytes read ahead and the bytes of live items queued"),
    NOTIFICATION_TTL("30d", "how long notifications stay in the log and inbox"),
    EVENT_RETENTION("5m", "how long custom events can be replayed"),
    EVENT_LOOPS("0", "event-loop threads; 0 means one per CPU core"),
    SHUTDOWN_GRACE_MS("10000", "how long a shutdown waits for in-flight publishes"),
    MAX_INFLIGHT_BYTES("0", "request bytes the node holds at once (bodies being received, writes waiting for the store);"
            + " past it requests get 503 overloaded; 0 means a sixteenth of the JVM's maximum heap, at least 2 MiB"),
    HEADER_TIMEOUT_MS("10000", "how long a new connection may take to send a complete request head before it is closed"),
    PUBLISH_RATE("2000/s,burst=10000", "items each publisher key may publish (a batch counts its items), like 2000/s, 600/m,"
            + " 2000/s,burst=10000, or off; counted cluster-wide in cluster mode"),
    SUBSCRIBER_WRITE_RATE("20/s,burst=40", "inbox and preference changes each user may make (writes to /v1/me/...),"
            + " same form; counted cluster-wide in cluster mode"),
    IDLE_TIMEOUT_MS("75000", "how long a connection may stay silent between requests or inside a request body (streams are exempt)"),
    MAX_UNAUTHENTICATED_CONNECTIONS("1000", "connections that have not authenticated and have waited over a second"
            + " for a request; past it the longest-waiting one is closed"),
    INGEST_POSTGRES_OUTBOX_URL(null, "ingest: a PostgreSQL database whose outbox table the hub consumes"
            + " (postgresql://user:pass@host:5432/db or jdbc:postgresql://...); see docs/ingest.md"),
    INGEST_POSTGRES_OUTBOX_TABLE("herald_outbox", "ingest: the outbox table (dead letters go to <table>_dead)"),
    INGEST_REDIS_URL(null, "ingest: the Redis whose streams the hub consumes (redis://[user:pass@]host:6379[/db])"),
    INGEST_REDIS_STREAMS(null, "ingest: comma-separated stream keys, each one ordered partition"
            + " (dead letters go to <stream>:dead)"),
    INGEST_REDIS_GROUP("herald", "ingest: the Redis consumer group the nodes share"),
    INGEST_REDIS_LEASE_MS("6000", "ingest: how long a node's lease on a Redis stream lives unrenewed: how soon a"
            + " dead node's streams go to the others (renewed every sixth of it)"),
    INGEST_KAFKA_BOOTSTRAP_SERVERS(null, "ingest: Kafka bootstrap servers, host:port[,host:port]"),
    INGEST_KAFKA_TOPICS(null, "ingest: comma-separated Kafka topics (dead letters go to <topic>.dead)"),
    INGEST_KAFKA_GROUP("herald", "ingest: the Kafka consumer group id the nodes share"),
    INGEST_KAFKA_SESSION_TIMEOUT_MS("10000", "ingest: how long the Kafka group waits for a silent node before its"
            + " partitions go to the others (the brokers' group.min/max.session.timeout.ms bound it)"),
    INGEST_SQS_QUEUE_URL(null, "ingest: an SQS queue URL (standard or FIFO; dead letters go to its redrive queue)"),
    INGEST_SQS_REGION("us-east-1", "ingest: the SQS queue's AWS region (credentials from the AWS default chain)"),
    INGEST_SQS_ENDPOINT(null, "ingest: an SQS endpoint override, like http://localhost:9324 for ElasticMQ"),
    INGEST_SQS_VISIBILITY_SECONDS("12", "ingest: how long received SQS messages stay invisible to other receivers:"
            + " how soon a dead node's messages go to the others (kept invisible while a batch takes longer)"),
    LOG_LEVEL("INFO", "log level: ERROR, WARN, INFO or DEBUG"),
    CONFIG(null, "a properties file with any of these keys (HERALD_PORT=8080 ...)");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The environment variable and config-file key, e.g. {@code HERALD_PORT}. */
    public String env() {
        return "HERALD_" + name();
    }

    /** The CLI flag, e.g. {@code --port}. */
    public String flag() {
        return "--" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Setting byEnv(String env) {
        for (Setting s : values()) {
            if (s.env().equals(env)) {
                return s;
            }
        }
        return null;
    }

    public static Setting byFlag(String flag) {
        for (Setting s : values()) {
            if (s.flag().equals(flag)) {
                return s;
            }
        }
        return null;
    }
}
