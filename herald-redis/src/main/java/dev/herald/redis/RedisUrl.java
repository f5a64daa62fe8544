package dev.herald.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Redis URL as operators write it: {@code redis://host:port}, {@code redis://:password@host:port/db},
 * {@code redis://user:password@host:port}, or {@code rediss://...} for TLS. Checked before the node
 * starts, so a typo is a clear configuration error instead of a reconnect loop.
 */
public final class RedisUrl {
    private final String url;
    private final URI uri;

    private RedisUrl(String url, URI uri) {
        this.url = url;
        this.uri = uri;
    }

    /** Parses and checks a URL; the message of the exception never contains the password. */
    public static RedisUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL (expected redis://host:port or rediss://...)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("must start with redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host (expected redis://host:port)");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,2}")) {
            throw new IllegalArgumentException("path must be a database number, e.g. redis://host:6379/0");
        }
        return new RedisUrl(url.trim(), uri);
    }

    /** The URL as given (may hold a password: never log it). */
    public String value() {
        return url;
    }

    public boolean tls() {
        return "rediss".equalsIgnoreCase(uri.getScheme());
    }

    /** The URL with any password replaced by {@code ***}: safe for logs and error messages. */
    public String redacted() {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return url;
        }
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.replace(userInfo + "@", shown + "@");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
