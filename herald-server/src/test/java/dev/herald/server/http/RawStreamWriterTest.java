package dev.herald.server.http;

import dev.herald.core.sse.Frame;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream fast path leans on Vert.x internals (the pipeline's HTTP encoder); this pins them down
 * on a real server and socket, so a Vert.x upgrade that moves them fails here rather than silently
 * falling back to the slower path.
 */
class RawStreamWriterTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aFrameIsFramedAsOneChunkOnce() {
        byte[] frame = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        var chunk = ChunkedFrames.chunk(frame);
        assertThat(chunk.toString(StandardCharsets.US_ASCII)).isEqualTo("9\r\ndata: x\n\n\r\n");
        byte[] big = new byte[300];
        assertThat(ChunkedFrames.chunk(big).toString(StandardCharsets.US_ASCII)).startsWith("12c\r\n");
    }

    @Test
    void rawChunksInterleaveWithTheResponsesOwnWritesAndEndCleanly() throws Exception {
        AtomicBoolean raw = new AtomicBoolean();
        Frame shared = Frame.of("data: shared\n\n".getBytes(StandardCharsets.UTF_8));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
                .requestHandler(req -> {
                    var response = req.response().setChunked(true);
                    response.write("head\n");
                    RawStreamWriter writer = RawStreamWriter.of(req);
                    raw.set(writer != null);
                    if (writer != null) {
                        writer.write(shared);
                        writer.write(shared);
                        writer.flush();
                    }
                    response.write("tail\n");
                    response.end();
                });
        int port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();

        String reply;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            reply = all.toString(StandardCharsets.UTF_8);
        }
        assertThat(raw).as("the HTTP encoder is where the fast path expects it").isTrue();
        String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
        assertThat(body).isEqualTo("5\r\nhead\n\r\n" + "e\r\ndata: shared\n\n\r\n" + "e\r\ndata: shared\n\n\r\n"
                + "5\r\ntail\n\r\n" + "0\r\n\r\n");
    }
}
