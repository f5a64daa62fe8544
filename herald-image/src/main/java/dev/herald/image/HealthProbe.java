package dev.herald.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container image's health check: {@code GET /health} on the hub in the same container, exit 0 on
 * 200 and 1 otherwise. It is Java because a base image need not carry curl, wget or a shell (the
 * tests' base has none) and every base has the JRE; it reads the hub's own HERALD_HOST and HERALD_PORT
 * so a changed port is still checked.
 */
public final class HealthProbe {
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 4_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        URI uri = URI.create(args.length > 0 ? args[0] : "http://" + host() + ":" + port() + "/health");
        System.exit(check(uri));
    }

    /** The exit code for {@code uri}: 0 when it answers 200, else 1 (with the reason on stderr). */
    static int check(URI uri) {
        int status;
        try {
            status = status(uri);
        } catch (IOException | RuntimeException e) {
            System.err.println("health: " + uri + " unreachable: " + e);
            return 1;
        }
        // 503 is a draining hub: unhealthy on purpose, so an orchestrator stops routing to it.
        System.out.println("health: " + uri + " answered " + status);
        return status == 200 ? 0 : 1;
    }

    static int status(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setUseCaches(false);
        try {
            int status = c.getResponseCode();
            try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } finally {
            c.disconnect();
        }
    }

    /** The hub's bind address, or loopback when it binds every interface (the image's default). */
    static String host() {
        String host = System.getenv("HERALD_HOST");
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static String port() {
        String port = System.getenv("HERALD_PORT");
        return port == null || port.isBlank() ? "8080" : port.trim();
    }
}
