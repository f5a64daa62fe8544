package dev.herald.server.config;

import java.net.URL;
import java.time.Duration;

/**
 * Subscriber tokens from an identity provider, verified against its key set (JWKS).
 *
 * @param url             where the provider publishes its keys (http or https)
 * @param issuer          the exact {@code iss} tokens must carry, or null for any
 * @param audience        a value tokens' {@code aud} must contain, or null for any
 * @param userClaim       the claim holding the user id ({@code sub} unless configured)
 * @param refreshInterval at most two fetches of the key set per interval (30 s): one for the
 *                        background refresh, one for a key rotated in; also how often a source that
 *                        is down is tried again
 * @param cacheTtl        how long a fetched key set is used (refreshed ahead of it in the background)
 * @param connectTimeout  how long a fetch may wait to connect
 * @param readTimeout     how long a fetch may wait for the answer
 */
public record JwksSettings(URL url, String issuer, String audience, String userClaim, Duration refreshInterval,
                           Duration cacheTtl, Duration connectTimeout, Duration readTimeout) {
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    public static JwksSettings of(URL url, String issuer, String audience, String userClaim) {
        return new JwksSettings(url, issuer, audience, userClaim, REFRESH_INTERVAL, CACHE_TTL, CONNECT_TIMEOUT,
                READ_TIMEOUT);
    }

    /** A copy with another rate-limit interval; tests use it so that they need not wait 30 s. */
    public JwksSettings withRefreshInterval(Duration interval) {
        return new JwksSettings(url, issuer, audience, userClaim, interval, cacheTtl, connectTimeout, readTimeout);
    }

    /** Fetched over plain http from another machine: the keys could be swapped on the way. */
    public boolean fetchedInTheClear() {
        String host = url.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        return url.getProtocol().equalsIgnoreCase("http") && !loopback;
    }

    /** The URL without query or user info, fit for logs. */
    public String shownUrl() {
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }
}
