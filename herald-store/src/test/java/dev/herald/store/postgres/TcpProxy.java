package dev.herald.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder in front of the test PostgreSQL that a test can stop (the server "goes down":
 * connections drop, new ones are refused) and start again on the same port, without touching the
 * real server other tests and engineers share.
 *
 * <p>It can also cut one connection off at a chosen statement, the way a partition would, while
 * the client's other connections keep working: the first connection whose client sends the given
 * markers in order (say a user id its INSERT carries, then {@code COMMIT}) from the last one on has
 * its server's replies held ({@link #holdRepliesOnceClientSends}: the server ran the statement and
 * its answer never arrives), or its own bytes held, that statement's first ({@link
 * #holdRequestsOnceClientSends}: the server never sees it), until {@link #release()}.
 */
public final class TcpProxy implements AutoCloseable {
    private enum Hold { REPLIES, REQUESTS }

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Integer> upstreamPorts = ConcurrentHashMap.newKeySet();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object released = new Object();
    private final AtomicLong heldReplyBytes = new AtomicLong();
    /** The markers and what to hold once a connection has sent them all; followed by the first connection to send the first. */
    private volatile String[] markers;
    private volatile Hold hold;
    private Link claimant;
    private volatile ServerSocket server;
    private int port;

    /** One client connection and its connection to the server. */
    private static final class Link {
        volatile Hold holding;
        /** How many of the armed markers this connection has sent. */
        int seen;

        boolean holds(Hold what) {
            return holding == what;
        }
    }

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        start();
    }

    /** A proxy in front of the PostgreSQL the tests use ({@link TestPostgres}). */
    public static TcpProxy toTestPostgres() throws IOException {
        java.net.URI server = TestPostgres.serverAddress();
        return new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        port = s.getLocalPort();
        server = s;
        daemon("proxy-accept", () -> accept(s));
    }

    /** The first connection whose client sends {@code texts} in order gets its server's replies held from the last on. */
    public void holdRepliesOnceClientSends(String... texts) {
        arm(texts, Hold.REPLIES);
    }

    /** The first connection whose client sends {@code texts} in order gets its bytes held from the last on. */
    public void holdRequestsOnceClientSends(String... texts) {
        arm(texts, Hold.REQUESTS);
    }

    private synchronized void arm(String[] texts, Hold what) {
        hold = what;
        claimant = null;
        links.forEach(l -> l.seen = 0);
        markers = texts.clone();
    }

    /** Bytes the server sent a held connection that were not passed on (the server answered). */
    public long heldReplyBytes() {
        return heldReplyBytes.get();
    }

    /** Passes on what was held, and everything after it; disarms a marker not yet seen. */
    public void release() {
        synchronized (this) {
            markers = null;
            links.forEach(l -> l.holding = null);
        }
        synchronized (released) {
            released.notifyAll();
        }
    }

    /** The local ports of the proxy's connections to the server: pg_stat_activity's client_port of its sessions. */
    public Set<Integer> upstreamPorts() {
        return Set.copyOf(upstreamPorts);
    }

    /** Refuses new connections and cuts every open one. */
    public synchronized void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                upstreamPorts.add(upstream.getLocalPort());
                Link link = new Link();
                links.add(link);
                daemon("proxy-up", () -> pump(client, upstream, link, false));
                daemon("proxy-down", () -> pump(upstream, client, link, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, Link link, boolean replies) {
        byte[] buffer = new byte[16 * 1024];
        String tail = "";
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!replies) {
                    tail = watchForMarker(link, tail, buffer, n);
                }
                Hold mine = replies ? Hold.REPLIES : Hold.REQUESTS;
                if (replies && link.holds(mine)) {
                    heldReplyBytes.addAndGet(n);
                }
                awaitRelease(link, mine);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /**
     * Follows the markers in what this connection's client sends (with the end of its last chunk: a
     * marker may straddle two); arms its hold when the last one goes by. Returns the tail to keep.
     */
    private String watchForMarker(Link link, String tail, byte[] buffer, int n) {
        if (markers == null) {
            return "";
        }
        String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        int from = 0;
        synchronized (this) {
            String[] m = markers;
            while (m != null && (claimant == null || claimant == link) && link.seen < m.length) {
                int at = text.indexOf(m[link.seen], from);
                if (at < 0) {
                    break;
                }
                claimant = link;
                from = at + m[link.seen].length();
                link.seen++;
                if (link.seen == m.length) {
                    markers = null;
                    link.holding = hold;
                }
            }
        }
        // Only what follows the last marker found can hold the next one.
        String rest = text.substring(from);
        return rest.substring(Math.max(0, rest.length() - 256));
    }

    private void awaitRelease(Link link, Hold what) throws IOException {
        synchronized (released) {
            while (link.holds(what)) {
                try {
                    released.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while holding", e);
                }
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        release();
        stop();
    }
}
