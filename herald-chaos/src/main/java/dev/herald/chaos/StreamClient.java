package dev.herald.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * One subscriber stream, as a browser's EventSource behaves: it connects to a node of its group,
 * reads frames, and when the connection ends (or goes silent for longer than three heartbeats, as a
 * paused node's does) reconnects to a node picked at random, sending the last id it saw. Raw HTTP/1.1
 * on a socket, so a silent connection is noticed by a read timeout.
 */
final class StreamClient implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workload w;
    private final History.Stream stream;
    private final Random random;
    private final String token;
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile String lastId;
    private int connection;

    StreamClient(Workload w, History.Stream stream, long seed) {
        this.w = w;
        this.stream = stream;
        this.random = new Random(seed);
        this.token = Tokens.mint(Workload.JWT_SECRET, stream.user);
    }

    void stop() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    @Override
    public void run() {
        List<Integer> ports = w.portsOf(stream.group);
        while (running) {
            int port = ports.get(random.nextInt(ports.size()));
            long start = w.clock.ms();
            String ending;
            try {
                ending = connect(port);
            } catch (SocketTimeoutException e) {
                ending = "silent for " + Workload.STREAM_IDLE_MS + " ms";
            } catch (IOException e) {
                ending = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            stream.connections.add(new History.Connection("port " + port, start, w.clock.ms(), ending));
            if (running) {
                Publisher.sleep(100 + random.nextInt(400)); // like EventSource's retry, spread
            }
        }
    }

    /** One connection, until it ends; returns how it ended. */
    private String connect(int port) throws IOException {
        connection++;
        try (Socket s = new Socket()) {
            socket = s;
            if (!running) {
                return "stopped";
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            s.setSoTimeout(Workload.STREAM_IDLE_MS);
            StringBuilder req = new StringBuilder("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                    .append("\r\nAccept: text/event-stream\r\nAuthorization: Bearer ").append(token).append("\r\n");
            String from = lastId;
            if (from != null) {
                req.append("Last-Event-ID: ").append(from).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String status = httpLine(in);
            int code = status == null || status.length() < 12 ? -1 : Integer.parseInt(status.substring(9, 12));
            boolean chunked = false;
            String h;
            while ((h = httpLine(in)) != null && !h.isEmpty()) {
                chunked |= h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.contains("chunked");
            }
            if (code != 200) {
                // 503 while a node drains or cannot read its database, 429 past the per-user limit: retry elsewhere
                if (code != 503 && code != 429 && code != -1) {
                    w.history.unexpected.add(new History.Unexpected("stream of " + stream.user, "port " + port, code,
                            status, w.clock.ms()));
                }
                return "status " + code;
            }
            return frames(new Lines(chunked ? new Chunked(in) : in));
        } finally {
            socket = null;
        }
    }

    /** Reads SSE frames (WHATWG rules, the subset Herald sends) until the body ends. */
    private String frames(Lines body) throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String l;
        while ((l = body.next()) != null) {
            if (l.isEmpty()) {
                dispatch(id, event, data == null ? null : data.toString());
                id = null;
                event = null;
                data = null;
            } else if (l.startsWith(":")) {
                continue; // heartbeat
            } else {
                int colon = l.indexOf(':');
                String field = colon < 0 ? l : l.substring(0, colon);
                String value = colon < 0 ? "" : l.substring(colon + (l.startsWith(": ", colon) ? 2 : 1));
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { } // retry
                }
            }
        }
        return "ended by the node";
    }

    private void dispatch(String id, String event, String data) {
        long now = w.clock.ms();
        if (id != null) {
            lastId = id;
        }
        if (data == null) {
            if (id != null && stream.anchor == null) {
                stream.anchor = id; // a fresh stream's anchor: everything for the user above it is promised
            }
            return;
        }
        String name = event == null ? "message" : event;
        if (name.equals("connected")) {
            return;
        }
        if (name.equals("reset")) {
            stream.resets.add(new History.Reset(data, now, id));
            return;
        }
        if (id == null) {
            return; // token_expired and the like carry no id
        }
        String user = null;
        String key = null;
        if (name.equals("notification")) {
            try {
                JsonNode n = JSON.readTree(data);
                String[] parts = Workload.parseTitle(n.path("title").asText());
                user = parts[0];
                key = parts[1];
            } catch (IOException e) {
                user = "?";
                key = "unparseable: " + data;
            }
        }
        stream.received.add(new History.Received(id, name, user, key, connection, now));
    }

    /** Lines ended by CRLF, LF or CR (the SSE rule; HTTP's CRLF is a case of it), decoded as UTF-8. */
    static final class Lines {
        private final InputStream in;
        private boolean afterCr;

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line, or null at the end of the input. */
        String next() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) >= 0) {
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') {
                        continue; // the LF of a CRLF
                    }
                }
                if (b == '\n') {
                    return buf.toString(StandardCharsets.UTF_8);
                }
                if (b == '\r') {
                    afterCr = true;
                    return buf.toString(StandardCharsets.UTF_8);
                }
                buf.write(b);
            }
            return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
        }
    }

    /** One line of the HTTP head or of chunk framing: ended by LF, a CR before it dropped; null at the end. */
    static String httpLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            buf.write(b);
        }
        if (b < 0 && buf.size() == 0) {
            return null;
        }
        String line = buf.toString(StandardCharsets.US_ASCII);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private int left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = httpLine(in);
                if (size != null && size.isEmpty()) {
                    size = httpLine(in); // the CRLF that ends the previous chunk's data
                }
                if (size == null) {
                    done = true;
                    return -1;
                }
                int semi = size.indexOf(';');
                left = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b < 0) {
                done = true;
                return -1;
            }
            left--;
            return b;
        }
    }
}
