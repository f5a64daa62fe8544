package dev.herald.server.config;

import dev.herald.core.cluster.NodeIds;
import dev.herald.core.limit.Rate;
import dev.herald.redis.RedisUrl;
import dev.herald.server.push.VapidKeys;
import dev.herald.store.postgres.PostgresUrl;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings from, in increasing precedence: defaults, a config file ({@code --config} or
 * {@code HERALD_CONFIG}), environment variables, CLI flags. Every value is validated here; a bad one
 * is a {@link ConfigException} whose message names the setting.
 */
public final class ConfigLoader {
    /** RFC 8292 wants a contact; .invalid (RFC 2606) says honestly that none was given. */
    static final String DEFAULT_VAPID_SUBJECT = "mailto:webpush@herald.invalid";
    private final List<String> warnings = new ArrayList<>();

    /** Warnings worth logging (e.g. an unknown HERALD_ variable, which may be a typo). */
    public List<String> warnings() {
        return warnings;
    }

    public HeraldConfig load(String[] args, Map<String, String> env) {
        Map<Setting, String> cli = parseArgs(args);
        Map<Setting, String> fromEnv = new EnumMap<>(Setting.class);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("HERALD_")) {
                Setting s = Setting.byEnv(e.getKey());
                if (s == null) {
                    warnings.add("ignoring unknown environment variable " + e.getKey());
                } else {
                    fromEnv.put(s, e.getValue());
                }
            }
        }
        String configPath = cli.getOrDefault(Setting.CONFIG, fromEnv.get(Setting.CONFIG));
        Map<Setting, String> fromFile = configPath == null ? Map.of() : readFile(Path.of(configPath));

        Map<Setting, String> merged = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = cli.containsKey(s) ? cli.get(s)
                    : fromEnv.containsKey(s) ? fromEnv.get(s)
                    : fromFile.containsKey(s) ? fromFile.get(s)
                    : s.defaultValue();
            if (v != null) {
                merged.put(s, v.trim());
            }
        }
        return build(merged);
    }

    private HeraldConfig build(Map<Setting, String> v) {
        String host = v.get(Setting.HOST);
        if (host.isEmpty()) {
            throw invalid(Setting.HOST, "must not be empty", host);
        }
        int port = intIn(v, Setting.PORT, 0, 65535);
        Path dataDir = Path.of(v.get(Setting.DATA_DIR));
        String postgresUrl = v.get(Setting.POSTGRES_URL);
        if (postgresUrl != null && postgresUrl.isEmpty()) {
            postgresUrl = null;
        }
        if (postgresUrl != null) {
            try {
                PostgresUrl.parse(postgresUrl);
            } catch (IllegalArgumentException e) {
                // The parser names the wrong part and never echoes the URL: it may carry a password.
                throw new ConfigException("invalid configuration: " + Setting.POSTGRES_URL.env() + " ("
                        + Setting.POSTGRES_URL.flag() + ") " + e.getMessage());
            }
        }
        String redisUrl = v.get(Setting.REDIS_URL);
        if (redisUrl != null && redisUrl.isEmpty()) {
            redisUrl = null;
        }
        if (redisUrl != null) {
            try {
                RedisUrl.parse(redisUrl);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid configuration: " + Setting.REDIS_URL.env() + " ("
                        + Setting.REDIS_URL.flag() + ") " + e.getMessage());
            }
            checkClusterSettings(v, postgresUrl);
        }
        String nodeId = v.get(Setting.NODE_ID);
        if (nodeId == null || nodeId.isEmpty()) {
            nodeId = NodeIds.generate();
        } else if (!NodeIds.isValid(nodeId)) {
            throw invalid(Setting.NODE_ID, "must be 1..64 characters of A-Z a-z 0-9 . _ -", nodeId);
        }

        byte[] jwtSecret;
        boolean secretGenerated = false;
        String secret = v.get(Setting.JWT_SECRET);
        if (secret == null || secret.isEmpty()) {
            jwtSecret = Secrets.loadOrCreate(dataDir, Secrets.JWT_SECRET_FILE, Secrets::newJwtSecret)
                    .getBytes(StandardCharsets.UTF_8);
            secretGenerated = true;
        } else {
            jwtSecret = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (jwtSecret.length < 32) {
            throw new ConfigException("invalid configuration: " + Setting.JWT_SECRET.env() + " (" + Setting.JWT_SECRET.flag()
                    + ") must be at least 32 bytes, got " + jwtSecret.length);
        }

        List<String> apiKeys;
        boolean keysGenerated = false;
        String keys = v.get(Setting.API_KEYS);
        if (keys == null || keys.isEmpty()) {
            apiKeys = List.of(Secrets.loadOrCreate(dataDir, Secrets.API_KEY_FILE, Secrets::newApiKey));
            keysGenerated = true;
        } else {
            apiKeys = splitList(keys);
            if (apiKeys.isEmpty()) {
                throw invalid(Setting.API_KEYS, "must name at least one key", "");
            }
            for (String k : apiKeys) {
                if (k.length() < 16 || !k.chars().allMatch(c -> c > 32 && c < 127)) {
                    throw new ConfigException("invalid configuration: " + Setting.API_KEYS.env() + " ("
                            + Setting.API_KEYS.flag() + ") keys must be at least 16 printable characters without spaces");
                }
            }
        }

        boolean devMode = devMode(v, secretGenerated && keysGenerated, redisUrl != null);

        long heartbeat = longIn(v, Setting.HEARTBEAT_MS, 100, 3_600_000);
        int maxPerUser = intIn(v, Setting.MAX_CONNECTIONS_PER_USER, 1, 10_000);
        List<String> cors = splitList(v.get(Setting.CORS_ORIGINS));
        for (String origin : cors) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw invalid(Setting.CORS_ORIGINS, "entries must be * or scheme://host[:port]", origin);
            }
        }
        if (cors.contains("*") && cors.size() > 1) {
            throw invalid(Setting.CORS_ORIGINS, "* cannot be combined with named origins", v.get(Setting.CORS_ORIGINS));
        }
        List<String> pushHttpHosts = splitList(v.get(Setting.PUSH_ALLOWED_HTTP_HOSTS)).stream()
                .map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
        for (String h : pushHttpHosts) {
            if (!h.matches("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
                throw invalid(Setting.PUSH_ALLOWED_HTTP_HOSTS, "entries must be host or host:port", h);
            }
        }
        long retry = longIn(v, Setting.RETRY_MS, 0, 600_000);
        int buffer = intIn(v, Setting.STREAM_BUFFER_BYTES, 8192, 64 * 1024 * 1024);
        Duration ttl = duration(v, Setting.NOTIFICATION_TTL);
        Duration eventRetention = duration(v, Setting.EVENT_RETENTION);
        int loops = intIn(v, Setting.EVENT_LOOPS, 0, 256);
        if (loops == 0) {
            loops = Runtime.getRuntime().availableProcessors();
        }
        long grace = longIn(v, Setting.SHUTDOWN_GRACE_MS, 0, 600_000);
        String level = v.get(Setting.LOG_LEVEL).toUpperCase(java.util.Locale.ROOT);
        if (!List.of("ERROR", "WARN", "INFO", "DEBUG").contains(level)) {
            throw invalid(Setting.LOG_LEVEL, "must be ERROR, WARN, INFO or DEBUG", v.get(Setting.LOG_LEVEL));
        }
        return new HeraldConfig(host, port, dataDir, postgresUrl, redisUrl, nodeId, jwtSecret, secretGenerated, apiKeys, keysGenerated, devMode, heartbeat,
                maxPerUser, cors, retry, buffer, ttl, eventRetention, loops, grace, level, httpLimits(v),
                new RateSettings(rate(v, Setting.PUBLISH_RATE), rate(v, Setting.SUBSCRIBER_WRITE_RATE)), jwks(v),
                vapid(v, dataDir), pushHttpHosts, longIn(v, Setting.PUSH_LEASE_SECONDS, 1, 86_400), IngestSettings.from(v));
    }

    /**
     * An identity provider's key set, or null. A malformed URL is an error at start; one that does not
     * answer is not (the hub starts and keeps trying). Issuer, audience and user claim mean something
     * only with a key set: set without one they are an error, never silently unenforced.
     */
    private static JwksSettings jwks(Map<Setting, String> v) {
        String url = emptyToNull(v.get(Setting.JWT_JWKS_URL));
        String issuer = emptyToNull(v.get(Setting.JWT_ISSUER));
        String audience = emptyToNull(v.get(Setting.JWT_AUDIENCE));
        String claim = emptyToNull(v.get(Setting.JWT_USER_CLAIM));
        if (url == null) {
            for (Setting s : List.of(Setting.JWT_ISSUER, Setting.JWT_AUDIENCE)) {
                if (emptyToNull(v.get(s)) != null) {
                    throw new ConfigException("invalid configuration: " + s.env() + " (" + s.flag() + ") needs "
                            + Setting.JWT_JWKS_URL.env() + ": it applies to an identity provider's tokens");
                }
            }
            if (claim != null && !claim.equals(Setting.JWT_USER_CLAIM.defaultValue())) {
                throw new ConfigException("invalid configuration: " + Setting.JWT_USER_CLAIM.env() + " ("
                        + Setting.JWT_USER_CLAIM.flag() + ") needs " + Setting.JWT_JWKS_URL.env()
                        + ": the hub's own tokens always carry the user in sub");
            }
            return null;
        }
        java.net.URL parsed;
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw invalid(Setting.JWT_JWKS_URL, "must be an http:// or https:// URL with a host", url);
            }
            parsed = uri.toURL();
        } catch (java.net.URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
            throw invalid(Setting.JWT_JWKS_URL, "must be an http:// or https:// URL with a host", url);
        }
        if (claim == null || claim.length() > 256 || !claim.chars().allMatch(c -> c > 32 && c < 127)) {
            throw invalid(Setting.JWT_USER_CLAIM, "must be a claim name of 1..256 printable characters", claim == null ? "" : claim);
        }
        return JwksSettings.of(parsed, issuer, audience, claim);
    }

    /**
     * The Web Push identity. Both keys or neither: a public key is derived from nothing here, and one
     * given alone would most likely belong to another private key. Neither: the pair is generated once
     * and kept in the data dir like the API key (cluster mode refused that earlier). Messages never
     * echo a key: the private one is a secret, and the public one is only useful next to it.
     */
    private static VapidKeys vapid(Map<Setting, String> v, Path dataDir) {
        String pub = emptyToNull(v.get(Setting.VAPID_PUBLIC_KEY));
        String priv = emptyToNull(v.get(Setting.VAPID_PRIVATE_KEY));
        String subject = emptyToNull(v.get(Setting.VAPID_SUBJECT));
        if (subject == null) {
            subject = DEFAULT_VAPID_SUBJECT;
        }
        try {
            VapidKeys.checkSubject(subject);
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.VAPID_SUBJECT, "must be a mailto: or https: URI without spaces", subject);
        }
        if (pub == null && priv == null) {
            String text = Secrets.loadOrCreate(dataDir, Secrets.VAPID_KEYS_FILE, VapidKeys::generateText);
            try {
                return VapidKeys.fromText(text, subject);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid configuration: " + dataDir.resolve(Secrets.VAPID_KEYS_FILE)
                        + " does not hold a VAPID key pair (" + e.getMessage() + "); remove it to generate a new pair,"
                        + " which ends every browser's push subscription");
            }
        }
        if (pub == null || priv == null) {
            Setting missing = pub == null ? Setting.VAPID_PUBLIC_KEY : Setting.VAPID_PRIVATE_KEY;
            throw new ConfigException("invalid configuration: " + missing.env() + " (" + missing.flag() + ") is needed with "
                    + (pub == null ? Setting.VAPID_PRIVATE_KEY : Setting.VAPID_PUBLIC_KEY).env()
                    + ": the VAPID keys are set together");
        }
        try {
            return VapidKeys.of(pub, priv, subject);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + Setting.VAPID_PUBLIC_KEY.env() + " / "
                    + Setting.VAPID_PRIVATE_KEY.env() + ": " + e.getMessage());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A rate like 2000/s, or null for off. */
    private static Rate rate(Map<Setting, String> v, Setting setting) {
        try {
            return Rate.parse(v.get(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage(), v.get(setting));
        }
    }

    private static HttpLimits httpLimits(Map<Setting, String> v) {
        // At least one largest body (a 1 MiB batch), or such a request could never be admitted.
        long inflight = longIn(v, Setting.MAX_INFLIGHT_BYTES, 0, 1L << 40);
        if (inflight == 0) {
            inflight = HttpLimits.defaultInflightBytes(Runtime.getRuntime().maxMemory());
        } else if (inflight < 1 << 20) {
            throw invalid(Setting.MAX_INFLIGHT_BYTES, "must be 0 (from the heap) or 1048576.." + (1L << 40),
                    v.get(Setting.MAX_INFLIGHT_BYTES));
        }
        return new HttpLimits(inflight,
                longIn(v, Setting.HEADER_TIMEOUT_MS, 100, 600_000),
                longIn(v, Setting.IDLE_TIMEOUT_MS, 100, 3_600_000),
                intIn(v, Setting.MAX_UNAUTHENTICATED_CONNECTIONS, 1, 1_000_000));
    }

    /**
     * Dev mode hands a token for any user to anyone, so it is never a side effect of a partial
     * configuration: unset, it is on only for the zero-config hub (both secrets generated, the hub
     * someone is trying on their own machine); otherwise it must be asked for, and never in a cluster,
     * which serves real users.
     */
    private static boolean devMode(Map<Setting, String> v, boolean zeroConfig, boolean clustered) {
        String text = v.get(Setting.DEV_MODE);
        if (text == null || text.isEmpty()) {
            return zeroConfig;
        }
        boolean on;
        if (text.equalsIgnoreCase("true")) {
            on = true;
        } else if (text.equalsIgnoreCase("false")) {
            on = false;
        } else {
            throw invalid(Setting.DEV_MODE, "must be true or false", text);
        }
        if (on && clustered) {
            throw new ConfigException("invalid configuration: " + Setting.DEV_MODE.env() + " (" + Setting.DEV_MODE.flag()
                    + ") cannot be true in cluster mode: a cluster serves real users, and dev mode hands anyone a"
                    + " token for any of them");
        }
        return on;
    }

    /**
     * Cluster nodes share one store and must accept each other's tokens and keys: secrets generated
     * per node (in each node's data dir) would not match, so they must be given. The same goes for the
     * VAPID keys (browsers bind a subscription to one public key, and any node may send its pushes), and
     * a cluster serves real users, so push services get a real contact, not the placeholder subject.
     */
    private static void checkClusterSettings(Map<Setting, String> v, String postgresUrl) {
        if (postgresUrl == null) {
            throw new ConfigException("invalid configuration: " + Setting.REDIS_URL.env() + " (cluster mode) needs "
                    + Setting.POSTGRES_URL.env() + ": the nodes of a cluster share one PostgreSQL store, and the"
                    + " embedded SQLite store belongs to one node");
        }
        for (Setting s : List.of(Setting.JWT_SECRET, Setting.API_KEYS, Setting.VAPID_PUBLIC_KEY, Setting.VAPID_PRIVATE_KEY,
                Setting.VAPID_SUBJECT)) {
            String value = v.get(s);
            if (value == null || value.isEmpty()) {
                throw new ConfigException("invalid configuration: " + Setting.REDIS_URL.env() + " (cluster mode) needs "
                        + s.env() + ", the same on every node: " + (s == Setting.VAPID_SUBJECT
                        ? "push services need a real contact for the cluster's pushes"
                        : "a secret generated by one node is unknown to the others"));
            }
        }
    }

    private static Map<Setting, String> parseArgs(String[] args) {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Setting s = arg.startsWith("--") ? Setting.byFlag(arg) : null;
            if (s == null) {
                throw new ConfigException("invalid configuration: unknown flag " + arg + " (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("invalid configuration: " + s.flag() + " needs a value");
                }
                value = args[++i];
            }
            out.put(s, value);
        }
        return out;
    }

    private static Map<Setting, String> readFile(Path path) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + Setting.CONFIG.env() + " cannot read " + path
                    + ": " + e.getMessage());
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (String key : props.stringPropertyNames()) {
            Setting s = Setting.byEnv(key);
            if (s == null || s == Setting.CONFIG) {
                throw new ConfigException("invalid configuration: unknown key " + key + " in " + path);
            }
            out.put(s, props.getProperty(key));
        }
        return out;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            int split = 0;
            while (split < t.length() && Character.isDigit(t.charAt(split))) {
                split++;
            }
            if (split == 0) {
                return null;
            }
            long n = Long.parseLong(t.substring(0, split));
            return switch (t.substring(split)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration duration(Map<Setting, String> v, Setting s) {
        Duration d = parseDuration(v.get(s));
        if (d == null || d.isNegative() || d.isZero()) {
            throw invalid(s, "must be a positive duration such as 300s, 5m, 2h or 30d", v.get(s));
        }
        return d;
    }

    private static List<String> splitList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static int intIn(Map<Setting, String> v, Setting s, int min, int max) {
        return (int) longIn(v, s, min, max);
    }

    /** A whole number setting within [min, max], or a clear configuration error naming it. */
    static long longIn(Map<Setting, String> v, Setting s, long min, long max) {
        String text = v.get(s);
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(s, "must be a whole number " + min + ".." + max, text);
        }
        if (n < min || n > max) {
            throw invalid(s, "must be " + min + ".." + max, text);
        }
        return n;
    }

    private static ConfigException invalid(Setting s, String rule, String got) {
        String shown = got.length() > 40 ? got.substring(0, 40) + "..." : got;
        return new ConfigException("invalid configuration: " + s.env() + " (" + s.flag() + ") " + rule
                + ", got '" + shown + "'");
    }
}
