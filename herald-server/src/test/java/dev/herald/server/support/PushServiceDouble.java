package dev.herald.server.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.server.push.P256;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real Web Push service on a loopback port (the JDK's HttpServer), standing in for FCM or Mozilla's.
 * Every message is checked as a browser and a push service would: its VAPID JWT must verify against
 * the {@code k=} key with {@code aud} the endpoint's origin and {@code exp} at most 24 hours ahead
 * (else 401/403), and its body must decrypt with the subscriber's private key and auth secret per RFC
 * 8291 (else 400). A message that fails either is listed in {@link #failures()}. The decryption here is
 * written from the RFC, apart from the sender's code, so a shared mistake cannot pass unnoticed.
 * It can also {@link #hold} messages: take them in, decrypted and verified, and never answer, as a push
 * service that hangs while the sender dies.
 */
public final class PushServiceDouble implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** One message as received: the decrypted payload, the headers and the VAPID {@code sub}. */
    public record Received(byte[] plaintext, String ttl, String urgency, String topic, String subject) {
        public String text() {
            return new String(plaintext, StandardCharsets.UTF_8);
        }
    }

    /** A browser's push subscription: its keys stay with the test, as they stay in the browser. */
    public final class Subscriber {
        private final String id = UUID.randomUUID().toString();
        private final KeyPair keys = P256.generate();
        private final byte[] authSecret = new byte[16];

        private Subscriber() {
            RANDOM.nextBytes(authSecret);
        }

        public String endpoint() {
            return "http://" + host() + "/push/" + id;
        }

        public String p256dh() {
            return B64.encodeToString(P256.encode((ECPublicKey) keys.getPublic()));
        }

        public String auth() {
            return B64.encodeToString(authSecret);
        }

        /** The browser's {@code PushSubscription.toJSON()}. */
        public String json() {
            return "{\"endpoint\":\"" + endpoint() + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\"" + p256dh()
                    + "\",\"auth\":\"" + auth() + "\"}}";
        }
    }

    private record Answer(int status, Map<String, String> headers) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-push-service");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final Map<String, Subscriber> subscribers = new HashMap<>();
    private final Map<String, List<Received>> received = new HashMap<>();
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final Map<String, Integer> toHold = new HashMap<>();
    private final Map<String, List<Received>> held = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, JWTClaimsSet> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    private PushServiceDouble(HttpServer server) {
        this.server = server;
    }

    public static PushServiceDouble start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            PushServiceDouble d = new PushServiceDouble(server);
            server.createContext("/push/", d::handle);
            server.setExecutor(d.threads);
            server.start();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for HERALD_PUSH_ALLOWED_HTTP_HOSTS. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public Subscriber subscriber() {
        Subscriber s = new Subscriber();
        synchronized (lock) {
            subscribers.put(s.id, s);
            received.put(s.id, new ArrayList<>());
            held.put(s.id, new ArrayList<>());
        }
        return s;
    }

    /**
     * The next {@code times} messages to this endpoint are held: verified, decrypted and listed in
     * {@link #held}, but never answered (nor counted as received) until the double closes. The sender
     * sees a push service that took its request and went silent.
     */
    public void hold(Subscriber s, int times) {
        synchronized (lock) {
            toHold.merge(s.id, times, Integer::sum);
        }
    }

    /** Waits until n messages to s are held (fails the test after the timeout) and returns them. */
    public List<Received> awaitHeld(Subscriber s, int n, Duration timeout) {
        return awaitList(held, s, n, timeout, "held");
    }

    /** The next {@code times} messages to this endpoint get this answer instead of 201. */
    public void respond(Subscriber s, int status, Map<String, String> headers, int times) {
        synchronized (lock) {
            Deque<Answer> queue = answers.computeIfAbsent(s.id, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(new Answer(status, Map.copyOf(headers)));
            }
        }
    }

    /** Waits until n messages were accepted for s (fails the test after the timeout) and returns all of them. */
    public List<Received> awaitMessages(Subscriber s, int n, Duration timeout) {
        return awaitList(received, s, n, timeout, "accepted");
    }

    private List<Received> awaitList(Map<String, List<Received>> lists, Subscriber s, int n, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (lists.get(s.id).size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the push service " + what + " " + lists.get(s.id).size() + " of " + n
                            + " messages for " + s.endpoint() + " (failures: " + failures + ")");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return List.copyOf(lists.get(s.id));
        }
    }

    public List<Received> held(Subscriber s) {
        synchronized (lock) {
            return List.copyOf(held.get(s.id));
        }
    }

    public List<Received> received(Subscriber s) {
        synchronized (lock) {
            return List.copyOf(received.get(s.id));
        }
    }

    public List<String> failures() {
        synchronized (lock) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll(); // lets held exchanges go
        }
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = ex.getRequestURI().getPath().substring("/push/".length());
            Subscriber s;
            synchronized (lock) {
                s = subscribers.get(id);
            }
            if (s == null || !ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String subject;
            try {
                subject = verifyVapid(ex.getRequestHeaders().getFirst("Authorization"));
            } catch (Refused r) {
                fail(ex, r.status, s.endpoint() + ": " + r.getMessage());
                return;
            }
            byte[] plaintext;
            try {
                if (!"aes128gcm".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    throw new IllegalArgumentException("Content-Encoding is not aes128gcm");
                }
                plaintext = decrypt(body, s);
            } catch (Exception e) {
                fail(ex, 400, s.endpoint() + ": does not decrypt: " + e);
                return;
            }
            Received r = new Received(plaintext, ex.getRequestHeaders().getFirst("TTL"),
                    ex.getRequestHeaders().getFirst("Urgency"), ex.getRequestHeaders().getFirst("Topic"), subject);
            if (holdIfAsked(id, r)) {
                return; // closed without an answer
            }
            Answer answer;
            synchronized (lock) {
                Deque<Answer> queue = answers.get(id);
                answer = queue == null ? null : queue.poll();
            }
            if (answer != null) {
                answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(answer.status(), -1);
                return;
            }
            synchronized (lock) {
                received.get(id).add(r);
                lock.notifyAll();
            }
            ex.getResponseHeaders().add("Location", "http://" + host() + "/message/" + UUID.randomUUID());
            ex.sendResponseHeaders(201, -1);
        }
    }

    /** When a hold is asked for this endpoint: lists the message as held and blocks until the double closes. */
    private boolean holdIfAsked(String id, Received r) {
        synchronized (lock) {
            Integer left = toHold.get(id);
            if (left == null || left <= 0) {
                return false;
            }
            toHold.put(id, left - 1);
            held.get(id).add(r);
            lock.notifyAll();
            while (!closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return true;
        }
    }

    private void fail(HttpExchange ex, int status, String why) throws IOException {
        synchronized (lock) {
            failures.add(why);
            lock.notifyAll();
        }
        ex.sendResponseHeaders(status, -1);
    }

    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** RFC 8292: {@code vapid t=<ES256 JWT>, k=<public key>}; returns the JWT's {@code sub}. */
    private String verifyVapid(String authorization) throws Refused {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new Refused(401, "no vapid Authorization");
        }
        String t = null;
        String k = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("k=")) {
                k = p.substring(2);
            }
        }
        if (t == null || k == null) {
            throw new Refused(401, "vapid Authorization without t= and k=");
        }
        JWTClaimsSet claims = verified.get(authorization);
        if (claims == null) {
            claims = verifySignature(t, k);
            verified.put(authorization, claims);
        }
        return checkClaims(claims);
    }

    /** The signature is checked once per distinct header (the sender reuses one per origin); the claims every time. */
    private static JWTClaimsSet verifySignature(String t, String k) throws Refused {
        try {
            SignedJWT jwt = SignedJWT.parse(t);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                throw new Refused(401, "the VAPID JWT is not ES256");
            }
            if (!jwt.verify(new ECDSAVerifier(P256.publicKey(Base64.getUrlDecoder().decode(k))))) {
                throw new Refused(401, "the VAPID signature does not verify against k=");
            }
            return jwt.getJWTClaimsSet();
        } catch (Refused r) {
            throw r;
        } catch (Exception e) {
            throw new Refused(401, "unreadable VAPID JWT: " + e);
        }
    }

    private String checkClaims(JWTClaimsSet claims) throws Refused {
        String origin = "http://" + host();
        if (!List.of(origin).equals(claims.getAudience())) {
            throw new Refused(403, "aud " + claims.getAudience() + " is not " + origin);
        }
        long now = System.currentTimeMillis();
        if (claims.getExpirationTime() == null || claims.getExpirationTime().getTime() <= now
                || claims.getExpirationTime().getTime() > now + Duration.ofHours(24).toMillis()) {
            throw new Refused(403, "exp " + claims.getExpirationTime() + " is not within the next 24 hours");
        }
        String sub = claims.getSubject();
        if (sub == null || !(sub.startsWith("mailto:") || sub.startsWith("https:"))) {
            throw new Refused(403, "sub " + sub + " is not a mailto: or https: URI");
        }
        return sub;
    }

    /** RFC 8291 §3.4 and RFC 8188 §2, from the browser's side. */
    private static byte[] decrypt(byte[] body, Subscriber s) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        int recordSize = b.getInt();
        byte[] asPublic = new byte[b.get() & 0xff];
        b.get(asPublic);
        byte[] ciphertext = new byte[b.remaining()];
        b.get(ciphertext);
        if (ciphertext.length > recordSize || body.length > 4096) {
            throw new IllegalArgumentException("more than one record or over 4096 bytes");
        }
        byte[] uaPublic = P256.encode((ECPublicKey) s.keys.getPublic());
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(s.keys.getPrivate());
        ecdh.doPhase(P256.publicKey(asPublic), true);
        byte[] ikm = hkdf(s.authSecret, ecdh.generateSecret(), concat(ascii("WebPush: info\0"), uaPublic, asPublic), 32);
        byte[] cek = hkdf(salt, ikm, ascii("Content-Encoding: aes128gcm\0"), 16);
        byte[] nonce = hkdf(salt, ikm, ascii("Content-Encoding: nonce\0"), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] record = gcm.doFinal(ciphertext);
        int end = record.length - 1;
        while (end >= 0 && record[end] == 0) {
            end--; // padding
        }
        if (end < 0 || record[end] != 2) {
            throw new IllegalArgumentException("no last-record delimiter");
        }
        return Arrays.copyOf(record, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
