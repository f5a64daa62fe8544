package dev.herald.server.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.util.List;

/**
 * Vert.x's request decoder, strict where a body's length could be read two ways. Netty lets
 * {@code Transfer-Encoding} win over a {@code Content-Length} sent with it, and reads a request whose
 * transfer coding is not {@code chunked} as having no body; RFC 9112 §6.1 and §6.3 ask a server to
 * refuse both (400, then close the connection), since a proxy in front may have framed the same bytes
 * differently (request smuggling). Such a request becomes an invalid one here, which
 * {@link MalformedRequests} answers before the connection closes.
 *
 * <p>It extends a Vert.x internal, swapped into each new connection's pipeline in place of the
 * decoder of the same name; if that internal changes, the connection keeps Vert.x's own decoder.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    static final String NAME = "httpDecoder";

    private StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    static void install(ChannelPipeline pipeline, HttpServerOptions options) {
        if (pipeline.get(NAME) instanceof VertxHttpRequestDecoder && !(pipeline.get(NAME) instanceof StrictRequestDecoder)) {
            pipeline.replace(NAME, NAME, new StrictRequestDecoder(options));
        }
    }

    /** Called for every request once its head is parsed, before its body length is decided. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        HttpHeaders headers = msg.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new AmbiguousLength("a request may not carry both Content-Length and Transfer-Encoding");
            }
            if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                throw new AmbiguousLength("the only Transfer-Encoding accepted is chunked");
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    /** Why a request's body length was refused; its message is fit for the client. */
    static final class AmbiguousLength extends IllegalArgumentException {
        AmbiguousLength(String message) {
            super(message);
        }
    }
}
