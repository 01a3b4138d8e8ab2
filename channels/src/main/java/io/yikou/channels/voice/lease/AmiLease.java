package io.yikou.channels.voice.lease;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that lets one node at a time hold the AMI event session of an Asterisk server.
 *
 * <p>A Redis key holds the holder's node id with a TTL. Every node tries to take or renew it every
 * third of the TTL, with one script that sets the key when it is free and extends it when this node
 * already holds it. When the holder stops renewing (crash, lost Redis), the key expires and another
 * node takes over within one TTL plus one renewal period. A node that fails to renew gives the
 * session up at once, so two nodes never process the same events for longer than that window.
 */
public final class AmiLease {

    private static final Logger LOG = LoggerFactory.getLogger(AmiLease.class);

    // Takes the lease when free, renews it when held by ARGV[1]; returns 1 when held afterwards.
    private static final String ACQUIRE = """
            local holder = redis.call('GET', KEYS[1])
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            elseif holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** Callbacks for this node gaining and losing the lease. */
    public interface Listener {
        void onAcquired();

        void onLost();
    }

    private final Vertx vertx;
    private final RedisConnector redis;
    private final String key;
    private final String nodeId;
    private final Duration ttl;
    private final Listener listener;
    private long timer = -1;
    private volatile boolean held;
    private volatile boolean running;

    /**
     * @param asteriskId name of the Asterisk server; one lease per server
     */
    public AmiLease(Vertx vertx, RedisConnector redis, String asteriskId, String nodeId, Duration ttl,
                    Listener listener) {
        if (ttl.toMillis() < 300) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: 300 ms or more)");
        }
        this.vertx = vertx;
        this.redis = redis;
        this.key = "{yk}:voice:ami-lease:" + asteriskId;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.listener = listener;
    }

    /** Starts competing for the lease; the first attempt runs at once. */
    public void start() {
        running = true;
        tick();
        timer = vertx.setPeriodic(Math.max(100, ttl.toMillis() / 3), t -> tick());
    }

    /** Stops renewing and releases the lease if held, so another node takes over without waiting. */
    public Future<Void> stop() {
        running = false;
        vertx.cancelTimer(timer);
        if (!held) {
            return Future.succeededFuture();
        }
        held = false;
        listener.onLost();
        return redis.call(c -> c.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, nodeId))
                .onSuccess(n -> LOG.info("Released AMI lease {}", key))
                .mapEmpty();
    }

    public boolean isHeld() {
        return held;
    }

    /** Returns the node holding the lease, if any. */
    public Future<String> holder() {
        return redis.call(c -> c.get(key));
    }

    public String key() {
        return key;
    }

    private void tick() {
        redis.call(c -> c.<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {key}, nodeId,
                        String.valueOf(ttl.toMillis())))
                .onComplete(result -> {
                    if (!running) {
                        return;
                    }
                    boolean nowHeld = result.succeeded() && result.result() != null && result.result() == 1L;
                    if (result.failed()) {
                        LOG.warn("Could not renew AMI lease {}: {}", key, result.cause().toString());
                    }
                    if (nowHeld && !held) {
                        held = true;
                        LOG.info("Node {} took the AMI lease {}", nodeId, key);
                        listener.onAcquired();
                    } else if (!nowHeld && held) {
                        held = false;
                        LOG.warn("Node {} lost the AMI lease {}", nodeId, key);
                        listener.onLost();
                    }
                });
    }
}
