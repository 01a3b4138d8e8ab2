package io.yikou.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.yikou.core.http.StrictHttpFraming;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP listener on its own event loop. Several instances on one port share the connections,
 * which spreads request handling over the cores. The router and its handlers are shared and keep
 * no per-loop state.
 */
final class HttpVerticle extends VerticleBase {

    /** How long requests in flight may take to finish once shutdown starts. */
    private static final long DRAIN_SECONDS = 20;

    private final Router router;
    private final HttpServerOptions options;
    private HttpServer server;

    HttpVerticle(Router router, HttpServerOptions options) {
        this.router = router;
        this.options = options;
    }

    @Override
    public Future<?> start() {
        // Strict framing: 400 and a closed connection for requests a proxy could read differently.
        return vertx.createHttpServer(options)
                .connectionHandler(StrictHttpFraming.installer(options))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
    }
}
