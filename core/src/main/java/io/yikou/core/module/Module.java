package io.yikou.core.module;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * A running feature: a channel (voice, WeChat, web form) or a service (knowledge base, case router).
 *
 * <p>Lifecycle: {@link #mount} once before the HTTP server listens, then {@link #start}; on shutdown
 * {@link #stop} in reverse start order. {@code stop} stops taking new input first, then lets work in
 * progress finish.
 */
public interface Module {

    /** Short name for logs and health, such as {@code webform}. */
    String name();

    /** Adds this module's HTTP routes. The default adds none. */
    default void mount(Router router) {
    }

    /** Starts background work such as connections and consumers. */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Stops intake, finishes work in progress and releases resources. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }

    /**
     * Names the classpath resource with this module's OpenAPI 3.0 fragment (its {@code paths} and
     * {@code components.schemas}), merged into the document the server serves at {@code /openapi.json};
     * {@code null} when the module has no HTTP API.
     */
    default String openApiResource() {
        return null;
    }

    /** Reports this module's health for {@code /health}; the default reports nothing. */
    default Future<io.vertx.core.json.JsonObject> health() {
        return Future.succeededFuture(null);
    }
}
