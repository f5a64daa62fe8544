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

/**
 * A TCP forwarder in front of the test PostgreSQL that a test can stop (the server "goes down":
 * connections drop, new ones are refused) and start again on the same port, without touching the
 * real server other tests and engineers share. It can also hold the server's replies (a partition
 * that lets the client's last statement through: the server runs it and waits for the next one)
 * and let them go again.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Integer> upstreamPorts = ConcurrentHashMap.newKeySet();
    private final Object thawed = new Object();
    private volatile boolean holdingReplies;
    private volatile String holdAfter;
    private volatile ServerSocket server;
    private int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        start();
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

    /**
     * Once a client sends bytes containing {@code marker} (say a statement's SQL text), the server's
     * replies from then on, the reply to that statement first, are read but not passed on until
     * {@link #releaseReplies()}: the server runs the statement and waits for a next one that never comes.
     */
    public void holdRepliesOnceClientSends(String marker) {
        holdAfter = marker;
    }

    /** Passes on what was held, and everything after it. */
    public void releaseReplies() {
        synchronized (thawed) {
            holdAfter = null;
            holdingReplies = false;
            thawed.notifyAll();
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
                daemon("proxy-up", () -> pump(client, upstream, false));
                daemon("proxy-down", () -> pump(upstream, client, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            String tail = "";
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (replies) {
                    awaitRelease();
                } else if (holdAfter != null) {
                    String marker = holdAfter;
                    // The marker may straddle two reads: look at the end of the last one too.
                    String seen = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    if (marker != null && seen.contains(marker)) {
                        holdingReplies = true;
                        holdAfter = null;
                    }
                    tail = seen.substring(Math.max(0, seen.length() - 256));
                }
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

    private void awaitRelease() throws IOException {
        synchronized (thawed) {
            while (holdingReplies) {
                try {
                    thawed.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while holding replies", e);
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
        releaseReplies();
        stop();
    }
}
