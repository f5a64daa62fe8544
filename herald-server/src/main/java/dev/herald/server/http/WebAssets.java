package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The hub's own web files (the notification center at {@code /}, the dashboard at {@code /admin},
 * {@code /herald.js}), read from the jar's {@code web/} folder only: never from the working
 * directory, so nothing the operator has lying around is served by accident. Files are flat (no
 * subfolders) with plain names; each is read once and kept, with an ETag, and revalidated by
 * browsers on every load so an upgraded hub is picked up at once.
 */
final class WebAssets {
    private static final String FILE_NAME = "[a-z0-9][a-z0-9.-]{0,80}\\.(?:html|js|css|svg|png|ico)";
    private static final Pattern NAME = Pattern.compile(FILE_NAME);
    /** The paths that may be web files, for the router: one segment, the name its first parameter. */
    static final String PATH = "/(" + FILE_NAME + ")";
    /** Pages run only the hub's own code and talk only to the hub. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /**
     * The Web Push service worker: a worker's policy is its own script's response header, not the
     * page's. It fetches nothing, so it may load nothing but the hub's own files.
     */
    static final String SERVICE_WORKER = "herald-sw.js";
    static final String WORKER_CSP = "default-src 'self'; img-src 'self' data:";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private record Asset(Buffer body, String type, String etag) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /**
     * Serves {@code web/<name>} to a GET; a file that does not exist is 404 whatever the method, one
     * that does is 405 to any other method. Both in the error catalogue's form.
     */
    void serve(RoutingContext ctx, String name) {
        Optional<Asset> asset = NAME.matcher(name).matches() ? cache.computeIfAbsent(name, WebAssets::load) : Optional.empty();
        if (asset.isEmpty()) {
            Errors.send(ctx.response(), ErrorCode.NOT_FOUND, "no such resource");
            return;
        }
        if (ctx.request().method() != HttpMethod.GET) {
            Errors.send(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED, "this resource does not allow " + ctx.request().method());
            return;
        }
        Asset a = asset.get();
        ctx.response()
                .putHeader("Content-Type", a.type())
                .putHeader("Cache-Control", "no-cache")
                .putHeader("ETag", a.etag())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        if (a.type().startsWith("text/html")) {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Frame-Options", "DENY");
        }
        if (SERVICE_WORKER.equals(name)) {
            // Served at the root, so its default scope is the whole origin: no Service-Worker-Allowed needed.
            ctx.response().putHeader("Content-Security-Policy", WORKER_CSP);
        }
        if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().end(a.body());
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(Buffer.buffer(bytes), TYPES.get(extension), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
