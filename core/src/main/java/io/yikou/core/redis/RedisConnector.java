package io.yikou.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.RedisFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lettuce connections to Redis, bridged to Vert.x futures.
 *
 * <p>One shared connection carries ordinary commands (Lettuce pipelines them, so one is enough).
 * Blocking reads such as {@code XREADGROUP BLOCK} get a {@link #dedicated dedicated} connection each,
 * because a blocked command would hold up everything queued behind it.
 *
 * <p>While disconnected, commands fail at once instead of being queued: Lettuce's default queues them
 * and runs them after reconnecting, even when the caller already saw a timeout and retried, which
 * writes twice. Thread-safe.
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

    private final Vertx vertx;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final List<StatefulRedisConnection<String, String>> dedicated = new ArrayList<>();
    private final List<StatefulRedisPubSubConnection<String, String>> pubSub = new ArrayList<>();
    private final String endpoint;

    private RedisConnector(Vertx vertx, RedisClient client, StatefulRedisConnection<String, String> shared,
                           String endpoint) {
        this.vertx = vertx;
        this.client = client;
        this.shared = shared;
        this.endpoint = endpoint;
    }

    /**
     * Connects to the server at {@code url}.
     *
     * @throws io.lettuce.core.RedisConnectionException when the server cannot be reached
     */
    public static RedisConnector connect(Vertx vertx, String url, Duration commandTimeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(commandTimeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .build());
        String endpoint = uri.getHost() + ":" + uri.getPort();
        try {
            StatefulRedisConnection<String, String> shared = client.connect();
            LOG.info("Connected to Redis at {}", endpoint);
            return new RedisConnector(vertx, client, shared, endpoint);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Returns the async command interface of the shared connection. */
    public RedisAsyncCommands<String, String> async() {
        return shared.async();
    }

    /**
     * Runs a command on the shared connection and completes on the caller's Vert.x context, or on a
     * fresh one when called from outside Vert.x.
     */
    public <T> Future<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(command.apply(shared.async()), context);
    }

    /** Opens a connection of its own for blocking reads; it is closed with this connector. */
    public synchronized StatefulRedisConnection<String, String> dedicated(String purpose) {
        StatefulRedisConnection<String, String> connection = client.connect();
        dedicated.add(connection);
        LOG.debug("Opened dedicated Redis connection for {} to {}", purpose, endpoint);
        return connection;
    }

    /**
     * Opens a pub/sub connection of its own; it is closed with this connector. Lettuce reconnects it
     * and subscribes its channels again after a disconnect, calling the listeners'
     * {@code subscribed} once more, so a listener can log the resubscription.
     */
    public synchronized StatefulRedisPubSubConnection<String, String> pubSub(String purpose) {
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        pubSub.add(connection);
        LOG.debug("Opened pub/sub Redis connection for {} to {}", purpose, endpoint);
        return connection;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        // Owners may have closed their own connections already, and Lettuce warns on a second close.
        for (StatefulRedisConnection<String, String> connection : dedicated) {
            if (connection.isOpen()) {
                connection.close();
            }
        }
        dedicated.clear();
        for (StatefulRedisPubSubConnection<String, String> connection : pubSub) {
            if (connection.isOpen()) {
                connection.close();
            }
        }
        pubSub.clear();
        shared.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        LOG.info("Closed Redis connections to {}", endpoint);
    }
}
