package dev.herald.server.support;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.core.keys.KeyServer;
import dev.herald.core.keys.VerificationKey;
import dev.herald.server.auth.JwkKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real identity provider's key endpoint on a free loopback port: serves a JWKS the test can rotate,
 * or goes silent (accepts and never answers), or answers 500 or garbage; counts the requests.
 */
public final class JwksServer implements KeyServer {
    private enum Mode { SERVE, SILENT, ERROR, GARBAGE }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-jwks-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger fetches = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Mode mode = Mode.SERVE;
    private volatile String body = "{\"keys\":[]}";

    private JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    public static JwksServer start() {
        try {
            return new JwksServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the key set is: {@code http://127.0.0.1:<port>/.well-known/jwks.json}. */
    public URL url() {
        try {
            return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void serve(List<VerificationKey> keys) {
        List<JWK> jwks = new ArrayList<>();
        keys.forEach(k -> jwks.add(JwkKeys.toJwk(k)));
        serveJwks(jwks);
    }

    /** Serves these JWKs as they are (e.g. with an {@code alg} or {@code use} of the test's choosing). */
    public void serveJwks(List<JWK> jwks) {
        body = new JWKSet(jwks).toString(true);
        mode = Mode.SERVE;
    }

    @Override
    public void goSilent() {
        mode = Mode.SILENT;
    }

    @Override
    public void answerError() {
        mode = Mode.ERROR;
    }

    @Override
    public void answerGarbage() {
        mode = Mode.GARBAGE;
    }

    @Override
    public int fetches() {
        return fetches.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        try (exchange) {
            switch (mode) {
                case SILENT -> {
                    try {
                        closing.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case ERROR -> send(exchange, 500, "text/plain", "upstream exploded");
                case GARBAGE -> send(exchange, 200, "application/json", "<html>not a key set</html>");
                case SERVE -> send(exchange, 200, "application/json", body);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
