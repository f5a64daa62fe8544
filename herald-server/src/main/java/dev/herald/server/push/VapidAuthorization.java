package dev.herald.server.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The RFC 8292 {@code Authorization: vapid t=<jwt>, k=<public key>} header for a push endpoint. The
 * JWT (ES256) names the endpoint's origin as {@code aud}, expires 12 hours after it is made (push
 * services refuse more than 24) and is reused per origin until an hour before that, so signing costs
 * nothing per message.
 */
final class VapidAuthorization {
    static final long LIFETIME_SECONDS = 12 * 3600;
    private static final long RENEW_BEFORE_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));

    private record Token(String header, long expSeconds) {}

    private final VapidKeys keys;
    private final LongSupplier clockMillis;
    private final Map<String, Token> byOrigin = new ConcurrentHashMap<>();

    VapidAuthorization(VapidKeys keys, LongSupplier clockMillis) {
        this.keys = keys;
        this.clockMillis = clockMillis;
    }

    /** The header value for this endpoint. Throws IllegalArgumentException for an endpoint without scheme and host. */
    String header(URI endpoint) {
        String origin = origin(endpoint);
        long now = clockMillis.getAsLong() / 1000;
        Token t = byOrigin.get(origin);
        if (t == null || t.expSeconds() - now < RENEW_BEFORE_SECONDS) {
            long exp = now + LIFETIME_SECONDS;
            t = new Token("vapid t=" + jwt(origin, exp) + ", k=" + keys.publicKeyText(), exp);
            byOrigin.put(origin, t);
        }
        return t.header();
    }

    /** RFC 8292 §2: the audience is the origin of the push resource (scheme, host, and a non-default port). */
    static String origin(URI endpoint) {
        String scheme = endpoint.getScheme();
        String host = endpoint.getHost();
        if (scheme == null || host == null) {
            throw new IllegalArgumentException("the endpoint has no scheme or host");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private String jwt(String audience, long exp) {
        ObjectNode claims = JSON.createObjectNode().put("aud", audience).put("exp", exp).put("sub", keys.subject());
        String signingInput = HEADER + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            // P1363 gives JOSE's fixed-length r || s directly (not DER).
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(keys.privateKey());
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(es256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("VAPID signing failed", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
