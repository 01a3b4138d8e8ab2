package io.yikou.channels.voice.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.yikou.core.redis.RedisConnector;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the live model visible to every node and to the supervisor wallboard, through Redis:
 *
 * <ul>
 *   <li>each change is published on the pub/sub channel {@value #CHANNEL} as
 *       {@code {"kind","key","at"}}; subscribers re-read what they show;</li>
 *   <li>the whole model is written to the key {@value #SNAPSHOT_KEY} at most every
 *       {@code flushMillis} while changes arrive, with a TTL, so nodes that do not hold the AMI
 *       lease serve the same view.</li>
 * </ul>
 *
 * Pub/sub loses messages while a subscriber is disconnected. That suits a wallboard that redraws
 * from the snapshot. Durable call records go to the ticket stream as contacts instead.
 */
public final class LivePublisher implements Consumer<LiveChange> {

    /** Pub/sub channel of live changes. */
    public static final String CHANNEL = "{yk}:voice:live";
    /** Key holding the latest snapshot JSON. */
    public static final String SNAPSHOT_KEY = "{yk}:voice:live-snapshot";

    private static final Logger LOG = LoggerFactory.getLogger(LivePublisher.class);

    private final Vertx vertx;
    private final RedisConnector redis;
    private final LiveModel model;
    private final Clock clock;
    private final long flushMillis;
    private final long ttlSeconds;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile boolean enabled;

    public LivePublisher(Vertx vertx, RedisConnector redis, LiveModel model, Clock clock, long flushMillis,
                         long ttlSeconds) {
        this.vertx = vertx;
        this.redis = redis;
        this.model = model;
        this.clock = clock;
        this.flushMillis = flushMillis;
        this.ttlSeconds = ttlSeconds;
    }

    /** Publishes only while this node holds the AMI lease. */
    public void enabled(boolean value) {
        enabled = value;
        if (value) {
            scheduleFlush();
        }
    }

    @Override
    public void accept(LiveChange change) {
        if (!enabled) {
            return;
        }
        String message = new JsonObject()
                .put("kind", change.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("key", change.key())
                .put("at", clock.instant().toString())
                .encode();
        redis.call(c -> c.publish(CHANNEL, message))
                .onFailure(error -> LOG.debug("Could not publish live change: {}", error.toString()));
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            vertx.setTimer(flushMillis, t -> {
                flushScheduled.set(false);
                String snapshot = LiveJson.snapshot(model, clock.instant()).encode();
                redis.call(c -> c.setex(SNAPSHOT_KEY, ttlSeconds, snapshot))
                        .onFailure(error -> LOG.warn("Could not store the live snapshot: {}", error.toString()));
            });
        }
    }
}
