package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.push.PushSubscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A browser's {@code PushSubscription.toJSON()} as the hub accepts it. The endpoint is where the hub
 * will later send requests on its own, so the rules keep the hub from being turned into a request
 * forwarder: https only (plain http only to hosts the operator listed, for a local push service),
 * no credentials in the URL, a bounded length. Keys are checked the way the encryption needs them.
 */
final class PushSubscriptionParser {
    /** Real endpoints (FCM, Mozilla, Apple, WNS) are 150..500 characters; a longer one is not a push service's. */
    static final int MAX_ENDPOINT_LENGTH = 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    private final List<String> allowedHttpHosts;

    PushSubscriptionParser(List<String> allowedHttpHosts) {
        this.allowedHttpHosts = List.copyOf(allowedHttpHosts);
    }

    /** The subscription for {@code userId}, or a 422 naming the broken rule. */
    PushSubscription parse(JsonNode body, String userId, long nowMillis) {
        if (body == null || !body.isObject()) {
            throw Invalid.field("the body must be a PushSubscription JSON object {\"endpoint\",\"keys\":{\"p256dh\",\"auth\"}}");
        }
        String endpoint = endpoint(body.get("endpoint"));
        JsonNode keys = body.get("keys");
        if (keys == null || !keys.isObject()) {
            throw Invalid.field("keys must be an object with p256dh and auth");
        }
        String p256dh = key(keys.get("p256dh"), "keys.p256dh", 65);
        if (Base64.getUrlDecoder().decode(p256dh)[0] != 0x04) {
            throw Invalid.field("keys.p256dh must be an uncompressed P-256 point (65 bytes starting with 0x04)");
        }
        String auth = key(keys.get("auth"), "keys.auth", 16);
        return new PushSubscription(userId, endpoint, p256dh, auth, nowMillis);
    }

    /** A well-formed endpoint URL the rules allow, or a 422. */
    String endpoint(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw Invalid.field("endpoint must be the push service's URL");
        }
        return endpoint(node.asText());
    }

    String endpoint(String text) {
        if (text.length() > MAX_ENDPOINT_LENGTH) {
            throw Invalid.field("endpoint must be at most " + MAX_ENDPOINT_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Invalid.field("endpoint must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw Invalid.field("endpoint must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw Invalid.field("endpoint must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw Invalid.field("endpoint must not have a fragment");
        }
        if (scheme.equals("https")) {
            return text;
        }
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && allowedHttpHosts.contains(authority)) {
            return text;
        }
        throw Invalid.field("endpoint must be an https URL");
    }

    /** A base64url key of exactly {@code bytes} bytes, returned without padding. */
    private static String key(JsonNode node, String field, int bytes) {
        if (node == null || !node.isTextual() || !BASE64URL.matcher(node.asText()).matches()) {
            throw Invalid.field(field + " must be base64url");
        }
        String unpadded = node.asText().replace("=", "");
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(unpadded);
        } catch (IllegalArgumentException e) {
            throw Invalid.field(field + " must be base64url");
        }
        if (decoded.length != bytes) {
            throw Invalid.field(field + " must decode to " + bytes + " bytes, got " + decoded.length);
        }
        return unpadded;
    }
}
