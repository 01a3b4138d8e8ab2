package io.yikou.core.redis;

import io.yikou.core.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Redis settings.
 *
 * @param url            {@code redis://} or {@code rediss://} URL of an existing server; empty means
 *                       start a private {@code redis-server} under the data directory
 * @param commandTimeout how long a command may take before it fails
 * @param embeddedPort   port for the private server, 0 for any free port
 */
public record RedisOptions(Optional<URI> url, Duration commandTimeout, int embeddedPort) {

    public static RedisOptions read(ConfigReader reader) {
        Optional<URI> url = reader.optionalString("redis.url").flatMap(text -> parseUrl(reader, text));
        Duration timeout = reader.duration("redis.command-timeout", Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMinutes(5));
        int port = reader.integer("redis.embedded.port", 0, 0, 65535);
        return new RedisOptions(url, timeout, port);
    }

    private static Optional<URI> parseUrl(ConfigReader reader, String text) {
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equals("redis") || scheme.equals("rediss")
                    || scheme.equals("redis-sentinel"))) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the allowed forms.
        }
        reader.problem("redis.url", text, "a redis://host:port, rediss://host:port or redis-sentinel:// URL");
        return Optional.empty();
    }
}
