package io.yikou.core.push;

import io.vertx.core.Future;
import io.yikou.core.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends desk and wallboard events to every node through Redis pub/sub, so a browser connected to
 * any node receives a change made on any node. Pub/sub drops messages while a node is disconnected,
 * which is why each live topic starts with a snapshot when a browser subscribes.
 */
public final class PushPublisher {

    /** Redis pub/sub channel that carries {@link PushEvent#toJson()} between nodes. */
    public static final String CHANNEL = "{yk}:push";

    private static final Logger LOG = LoggerFactory.getLogger(PushPublisher.class);

    private final RedisConnector redis;

    public PushPublisher(RedisConnector redis) {
        this.redis = redis;
    }

    /** Publishes the event; a failure is logged and completes the returned future, so callers need not handle it. */
    public Future<Long> publish(PushEvent event) {
        return redis.call(commands -> commands.publish(CHANNEL, event.toJson().encode()))
                .onFailure(error -> LOG.warn("Push event {}/{} not published: {}", event.topic(), event.event(),
                        error.toString()));
    }
}
