package io.yikou.core.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects HTTP/1.x requests whose body framing is ambiguous, the raw material of request smuggling
 * behind a proxy that reads framing differently.
 *
 * <p>Netty 4.2.9 already rejects repeated {@code Content-Length} headers, a space before
 * the header colon and most malformed lengths. It accepts a request with both
 * {@code Transfer-Encoding: chunked} and {@code Content-Length} by dropping the length, keeps the
 * connection open, and then parses whatever follows the chunked body as the next request; RFC 7230
 * section 3.3.3 calls such a message a possible smuggling attempt that ought to be handled as an
 * error. Netty also accepts transfer-coding lists such as {@code identity, chunked}, repeated
 * {@code Transfer-Encoding} headers, and {@code Transfer-Encoding} on HTTP/1.0, which has no chunked
 * coding. We accept exactly one {@code Transfer-Encoding: chunked} on HTTP/1.1 and nothing else.
 *
 * <p>This class swaps Vert.x's request decoder for a subclass that fails such requests while their
 * headers are decoded. A failed decode takes Vert.x's invalid-request path: the client gets 400, the
 * connection closes, the decoder discards the rest of the bytes, and no handler sees the request or
 * anything pipelined after it. Requests with a method outside {@link #METHODS} fail the same way,
 * because the router has no route for them and the body handler cannot parse their forms.
 *
 * <p>NOTE: this reaches into Vert.x internals ({@code ConnectionBase}, {@code VertxHttpRequestDecoder}
 * and the pipeline name {@code httpDecoder}) as of Vert.x 5.0.7. If an upgrade changes them, the
 * decoder stays the stock one and a warning is logged once; the smuggling integration test then fails.
 */
public final class StrictHttpFraming {

    private static final Logger LOG = LoggerFactory.getLogger(StrictHttpFraming.class);

    /** Name Vert.x 5.0.7 gives the HTTP/1.x request decoder in each connection's pipeline. */
    static final String DECODER_NAME = "httpDecoder";

    /** Methods the server accepts; anything else is rejected before routing. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private StrictHttpFraming() {
    }

    /**
     * Returns a connection handler that installs the strict decoder on every HTTP/1.x connection;
     * register it with {@code HttpServer.connectionHandler}. Vert.x calls that handler before the
     * connection reads its first byte only when cleartext HTTP/2 (h2c) is off.
     *
     * @param options the server's options, whose line and header limits the decoder keeps
     * @throws IllegalArgumentException when {@code options} enable h2c
     */
    public static Handler<HttpConnection> installer(HttpServerOptions options) {
        // With h2c on, Vert.x creates the connection only after the stock decoder has read the first
        // request, and swapping a decoder mid-request would lose its state.
        if (options.isHttp2ClearTextEnabled()) {
            throw new IllegalArgumentException("strict HTTP framing needs http2ClearTextEnabled=false");
        }
        return connection -> install(connection, options);
    }

    private static void install(HttpConnection connection, HttpServerOptions options) {
        if (!(connection instanceof ConnectionBase base)) {
            warnOnce("connection type " + connection.getClass().getName());
            return;
        }
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        ChannelHandler current = pipeline.get(DECODER_NAME);
        if (current instanceof StrictDecoder) {
            return;
        }
        if (current instanceof VertxHttpRequestDecoder) {
            pipeline.replace(DECODER_NAME, DECODER_NAME, new StrictDecoder(options));
        } else if (current != null) {
            warnOnce("decoder type " + current.getClass().getName());
        }
    }

    private static void warnOnce(String found) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Strict HTTP framing not installed: unexpected {}; requests with both Transfer-Encoding and"
                    + " Content-Length are then accepted as Netty's default decoder reads them", found);
        }
    }

    /**
     * Checks the framing headers of one request; the decoder turns the exception into an invalid
     * request.
     *
     * @throws IllegalArgumentException naming what is wrong with the framing
     */
    static void checkFraming(HttpMessage message) {
        List<String> codings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return;
        }
        if (message.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 request");
        }
        if (codings.size() != 1 || !codings.get(0).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
            throw new IllegalArgumentException("unsupported Transfer-Encoding " + codings
                    + " (expected: exactly one header with the value chunked)");
        }
        if (message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
        }
    }

    /** Returns the path of a request target without its query, which may carry lookup tokens. */
    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return shorten(query < 0 ? uri : uri.substring(0, query));
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** Vert.x's decoder with the framing and method checks added. Not shareable: one per connection. */
    static final class StrictDecoder extends VertxHttpRequestDecoder {

        StrictDecoder(HttpServerOptions options) {
            super(options);
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) {
            if (!METHODS.contains(initialLine[0])) {
                LOG.info("Rejected HTTP request with unsupported method {}", shorten(initialLine[0]));
                throw new IllegalArgumentException("unsupported method " + shorten(initialLine[0]));
            }
            return super.createMessage(initialLine);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            // Netty calls this once the headers are read, before it decides how the body is framed.
            try {
                checkFraming(message);
            } catch (IllegalArgumentException e) {
                String path = message instanceof HttpRequest request ? pathOf(request.uri()) : "?";
                LOG.info("Rejected HTTP request to {}: {}", path, e.getMessage());
                throw e;
            }
            return super.isContentAlwaysEmpty(message);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            // Netty's default drops Content-Length and carries on; checkFraming rejects this earlier,
            // so reaching here means a Netty change moved the call order.
            throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
        }
    }
}
