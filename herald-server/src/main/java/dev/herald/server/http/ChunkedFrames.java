package dev.herald.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A frame's bytes as one HTTP/1.1 chunk ({@code <hex length>\r\n<bytes>\r\n}), built once per frame
 * and shared by every stream it is written to. Netty's HTTP encoder would otherwise frame the same
 * bytes again for each stream (a buffer allocation and a hex conversion per write), and copy them
 * from the heap into direct memory per write on the native transport.
 *
 * <p>The chunk lives in a JDK direct buffer, freed by the garbage collector once the frame is gone;
 * it is wrapped as unreleasable, so a write's release never frees memory other writes still send.
 */
final class ChunkedFrames {
    private static final byte[] CRLF = {'\r', '\n'};

    /** For {@link dev.herald.core.sse.Frame#transportView}: the shared chunk. */
    static final Function<byte[], ByteBuf> CHUNK = ChunkedFrames::chunk;

    private ChunkedFrames() {
    }

    static ByteBuf chunk(byte[] bytes) {
        byte[] head = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(head.length + bytes.length + CRLF.length);
        direct.put(head).put(bytes).put(CRLF).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    }
}
