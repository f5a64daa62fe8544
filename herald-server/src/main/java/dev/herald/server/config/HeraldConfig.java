package dev.herald.server.config;

import dev.herald.server.push.VapidKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The validated configuration of one Herald node; see {@link Setting} for meanings and defaults.
 *
 * @param jwtSecretGenerated true when the hub made its own JWT secret (zero-config dev mode)
 * @param apiKeysGenerated   true when the publisher key was generated (and may be printed)
 * @param devMode            true when {@code /dev/token} hands out tokens for any user: asked for with
 *                           {@code HERALD_DEV_MODE=true}, or the zero-config hub (both secrets generated)
 * @param postgresUrl        the PostgreSQL store's URL (it may hold a password: never print it), or
 *                           null for the embedded SQLite store in {@code dataDir}
 * @param redisUrl           Redis for cluster mode (may hold a password: never print it), or null
 *                           for a single node
 * @param nodeId             this node's id, configured or generated
 * @param httpLimits         bounds on request bytes in flight and on silent connections
 * @param rates              rate limits per publisher key and per subscriber
 * @param jwks               an identity provider whose tokens are accepted too, or null for HS256 only
 * @param vapid              the Web Push identity: VAPID key pair and subject, configured or generated
 * @param pushAllowedHttpHosts hosts ({@code host[:port]}, lower case) whose push endpoints may be http://
 * @param pushLeaseSeconds   how long a node's claim on a push lasts: a killed node's pushes are sent again after this
 * @param ingest             the queues and tables this node consumes publishes from (none by default)
 */
public record HeraldConfig(
        String host,
        int port,
        Path dataDir,
        String postgresUrl,
        String redisUrl,
        String nodeId,
        byte[] jwtSecret,
        boolean jwtSecretGenerated,
        List<String> apiKeys,
        boolean apiKeysGenerated,
        boolean devMode,
        long heartbeatMs,
        int maxConnectionsPerUser,
        List<String> corsOrigins,
        long retryMs,
        int streamBufferBytes,
        Duration notificationTtl,
        Duration eventRetention,
        int eventLoops,
        long shutdownGraceMs,
        String logLevel,
        HttpLimits httpLimits,
        RateSettings rates,
        JwksSettings jwks,
        VapidKeys vapid,
        List<String> pushAllowedHttpHosts,
        long pushLeaseSeconds,
        IngestSettings ingest) {

    /** True when nodes share PostgreSQL and Redis. */
    public boolean clustered() {
        return redisUrl != null;
    }

    /** A copy with another port; tests use it to start on a free port. */
    public HeraldConfig withPort(int newPort) {
        return new HeraldConfig(host, newPort, dataDir, postgresUrl, redisUrl, nodeId, jwtSecret, jwtSecretGenerated, apiKeys, apiKeysGenerated,
                devMode, heartbeatMs, maxConnectionsPerUser, corsOrigins, retryMs, streamBufferBytes, notificationTtl,
                eventRetention, eventLoops, shutdownGraceMs, logLevel, httpLimits, rates, jwks, vapid, pushAllowedHttpHosts, pushLeaseSeconds, ingest);
    }

    /** A copy with other identity-provider settings; tests use it for short intervals and timeouts. */
    public HeraldConfig withJwks(JwksSettings newJwks) {
        return new HeraldConfig(host, port, dataDir, postgresUrl, redisUrl, nodeId, jwtSecret, jwtSecretGenerated, apiKeys, apiKeysGenerated,
                devMode, heartbeatMs, maxConnectionsPerUser, corsOrigins, retryMs, streamBufferBytes, notificationTtl,
                eventRetention, eventLoops, shutdownGraceMs, logLevel, httpLimits, rates, newJwks, vapid, pushAllowedHttpHosts, pushLeaseSeconds, ingest);
    }

    @Override
    public String toString() {
        // Never print secrets: this string can reach logs.
        return "HeraldConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", store=" + (postgresUrl == null ? "sqlite" : "postgres") + ", cluster=" + (redisUrl != null) + ", nodeId=" + nodeId + ", apiKeys="
                + apiKeys.size() + ", heartbeatMs=" + heartbeatMs + ", maxConnectionsPerUser=" + maxConnectionsPerUser
                + ", corsOrigins=" + corsOrigins + ", devMode=" + devMode
                + ", jwks=" + (jwks == null ? "none" : jwks.shownUrl()) + ", vapid=" + vapid.fingerprint() + "]";
    }
}
