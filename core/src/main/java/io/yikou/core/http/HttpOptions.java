package io.yikou.core.http;

import io.yikou.core.config.ConfigReader;

/**
 * HTTP listener settings.
 *
 * @param host             interface to bind
 * @param port             TCP port ({@code YIKOU_HTTP_PORT}); 0 picks a free one
 * @param maxBodyBytes     largest request body accepted, uploads included; larger ones get 413
 * @param maxJsonBodyBytes largest JSON body accepted by JSON endpoints
 * @param instances        HTTP listeners, each on its own event loop, sharing the port
 */
public record HttpOptions(String host, int port, long maxBodyBytes, long maxJsonBodyBytes, int instances) {

    public static HttpOptions read(ConfigReader reader) {
        return new HttpOptions(
                reader.string("http.host", "0.0.0.0"),
                reader.integer("http.port", 8080, 0, 65535),
                reader.bytes("http.max-body-bytes", 32L * 1024 * 1024, 64 * 1024, 1024L * 1024 * 1024),
                reader.bytes("http.max-json-body-bytes", 1024 * 1024, 4 * 1024, 64L * 1024 * 1024),
                reader.integer("http.instances", Runtime.getRuntime().availableProcessors(), 1, 256));
    }
}
