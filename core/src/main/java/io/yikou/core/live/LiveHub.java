package io.yikou.core.live;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's end of {@code /api/v1/live}: accepts desk WebSockets and delivers to them every
 * {@link PushEvent} that any node publishes on {@link PushPublisher#CHANNEL}.
 *
 * <p>One dedicated pub/sub connection per node receives the events; each is encoded once and handed
 * to the sockets allowed to see it, grouped by their event loop so one task per loop writes them.
 * Sockets live on the HTTP listeners' event loops; the hub itself is thread-safe.
 */
public final class LiveHub {

    /** Path of the WebSocket. */
    public static final String PATH = "/api/v1/live";
    /** Screen pops are re-authorised before delivery. */
    static final String SCREEN_POP = "call.screen-pop";

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    private final Vertx vertx;
    private final RedisConnector redis;
    private final StaffAuth auth;
    private final LiveOptions options;
    private final LiveSnapshots snapshots;
    private final Set<LiveSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean subscribed;

    public LiveHub(Vertx vertx, RedisConnector redis, StaffAuth auth, LiveOptions options, LiveSnapshots snapshots) {
        this.vertx = vertx;
        this.redis = redis;
        this.auth = auth;
        this.options = options;
        this.snapshots = snapshots;
    }

    /** Subscribes to the push channel on a connection of its own. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            subscription = redis.pubSub("live push");
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onMessage(message);
                }

                @Override
                public void subscribed(String channel, long count) {
                    // Lettuce subscribes again by itself after a reconnect and calls this each time.
                    boolean again = subscribed;
                    subscribed = true;
                    if (again) {
                        LOG.info("Live push resubscribed to {} after a Redis reconnect", channel);
                    } else {
                        LOG.info("Live push subscribed to {} at {}", channel, redis.endpoint());
                    }
                }
            });
            subscription.sync().subscribe(PushPublisher.CHANNEL);
            return null;
        });
    }

    /** Closes every socket with 1001 and the subscription. */
    public Future<Void> stop() {
        for (LiveSocket socket : sockets) {
            socket.context().runOnContext(v -> socket.close((short) 1001, "server_stopping"));
        }
        StatefulRedisPubSubConnection<String, String> connection = subscription;
        subscription = null;
        if (connection == null) {
            return Future.succeededFuture();
        }
        return Future.fromCompletionStage(connection.closeAsync()).<Void>mapEmpty()
                .onSuccess(v -> LOG.info("Live push stopped; {} sockets closed", sockets.size()));
    }

    /** Handles {@code GET /api/v1/live}: authenticates the handshake, then upgrades it. */
    public void handshake(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            ctx.fail(ApiException.badRequest("websocket_required"));
            return;
        }
        // Hold the request's end until the upgrade: the handshake completes on it, and the session check is async.
        ctx.request().pause();
        // The staff check refuses a browser handshake whose Origin is not this server (403).
        auth.authenticate(HttpMethod.GET, ctx.request().headers(), Role.AGENT).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            StaffPrincipal principal = result.result();
            ctx.request().toWebSocket().onComplete(upgraded -> {
                if (upgraded.failed()) {
                    LOG.warn("Live handshake of {} failed: {}", principal.actor(), upgraded.cause().toString());
                    return;
                }
                accept(upgraded.result(), principal);
            });
        });
    }

    private void accept(ServerWebSocket webSocket, StaffPrincipal principal) {
        String id = "ws-" + connections.incrementAndGet();
        LiveSocket socket = new LiveSocket(this, webSocket, vertx.getOrCreateContext(), principal, id);
        sockets.add(socket);
        socket.start();
        LOG.debug("Live socket {} opened for {}", id, principal.actor());
    }

    void remove(LiveSocket socket) {
        if (sockets.remove(socket)) {
            LOG.debug("Live socket {} closed", socket.connectionId());
        }
    }

    /** Delivers a published event to the sockets allowed it. Runs on Lettuce's thread. */
    private void onMessage(String message) {
        received.incrementAndGet();
        PushEvent event;
        try {
            event = PushEvent.fromJson(new JsonObject(message));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring malformed push event on {}: {}", PushPublisher.CHANNEL, e.toString());
            return;
        }
        dispatch(event);
    }

    /** Hands an event to every socket that may see it, one task per event loop. */
    void dispatch(PushEvent event) {
        Map<Context, List<LiveSocket>> byLoop = new HashMap<>();
        for (LiveSocket socket : sockets) {
            if (socket.accepts(event)) {
                byLoop.computeIfAbsent(socket.context(), c -> new ArrayList<>()).add(socket);
            }
        }
        if (byLoop.isEmpty()) {
            return;
        }
        String frame = frame(event);
        byLoop.forEach((context, targets) -> context.runOnContext(v -> {
            for (LiveSocket socket : targets) {
                socket.deliver(event, frame);
            }
        }));
    }

    /** Encodes the event as the browser receives it. */
    static String frame(PushEvent event) {
        return new JsonObject()
                .put("type", "event")
                .put("topic", event.topic())
                .put("event", event.event())
                .put("at", event.at().toString())
                .put("data", event.data())
                .encode();
    }

    /** Reports open sockets and whether the push channel is subscribed, for {@code /health}. */
    public JsonObject health() {
        return new JsonObject()
                .put("status", subscribed && subscription != null && subscription.isOpen() ? "ok" : "down")
                .put("sockets", sockets.size())
                .put("eventsReceived", received.get());
    }

    /** Number of open sockets on this node. */
    public int socketCount() {
        return sockets.size();
    }

    StaffAuth auth() {
        return auth;
    }

    LiveOptions options() {
        return options;
    }

    LiveSnapshots snapshots() {
        return snapshots;
    }
}
