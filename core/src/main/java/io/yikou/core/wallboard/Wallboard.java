package io.yikou.core.wallboard;

import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.live.AcdClient;
import io.yikou.core.live.AcdSnapshots;
import io.yikou.core.live.AgentSnapshots;
import io.yikou.core.live.LiveOptions;
import io.yikou.core.live.LiveTopic;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor wallboard: queue figures (chat from the ACD, voice from the voice module), agents by
 * state, threshold alerts and today's ticket facets, read on request and pushed when they change.
 *
 * <p>Every node runs a one-second tick, but only the node that takes a 900 ms Redis key with
 * {@code SET NX PX} does the work, so the cluster pushes {@code queue.stats} for a queue about once a
 * second at most (two pushes can be 900 ms apart). The
 * last figures pushed and the active alerts live in Redis, so any node can take over the next tick
 * and {@code HSETNX}/{@code HDEL} decide which node announces a raised or cleared alert.
 */
public final class Wallboard implements AcdSnapshots.QueueViews {

    /** Event-bus address of the voice module's queue figures. */
    public static final String VOICE_QUEUE_STATS = "voice.queue-stats";
    /** Event-bus address of the knowledge base's ticket facets. */
    public static final String HISTORY_FACETS = "kb.history.facets";

    static final String TICK_KEY = "{yk}:wallboard:tick";
    static final String TICKETS_TICK_KEY = "{yk}:wallboard:tickets-tick";
    static final String TICKETS_SEEN_KEY = "{yk}:wallboard:tickets-seen";
    static final String QUEUES_KEY = "{yk}:wallboard:queue-stats";
    static final String ALERTS_KEY = "{yk}:wallboard:alerts";
    private static final long TICK_MILLIS = 1000;
    private static final long TICKETS_EVERY_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(Wallboard.class);

    private final Vertx vertx;
    private final RedisConnector redis;
    private final AcdClient acd;
    private final LiveOptions options;
    private final Clock clock;
    private final String nodeId;
    private final PushPublisher push;
    private final DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(3000);
    private long timer = -1;
    private boolean ticking;

    public Wallboard(Vertx vertx, RedisConnector redis, AcdClient acd, LiveOptions options, Clock clock, String nodeId) {
        this.vertx = vertx;
        this.redis = redis;
        this.acd = acd;
        this.options = options;
        this.clock = clock;
        this.nodeId = nodeId;
        this.push = new PushPublisher(redis);
    }

    /** Starts the one-second tick that pushes changed figures, alerts and ticket changes. */
    public void start() {
        timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
        LOG.info("Wallboard started on node {}", nodeId);
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Returns the instant today started in the wallboard's zone. */
    Instant startOfDay() {
        return LocalDate.now(clock.withZone(options.zone())).atStartOfDay(options.zone()).toInstant();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(options.zone()));
    }

    // ---- reads ----

    /** Returns every queue's {@code QueueStats}: the ACD queues with voice figures, then voice-only queues. */
    public Future<JsonArray> queues() {
        return acd.queueStats().compose(acdQueues -> {
            Map<String, Integer> targets = WallboardFigures.voiceTargets(acdQueues, options.serviceLevelSeconds());
            JsonObject request = new JsonObject()
                    .put("from", startOfDay().toString())
                    .put("to", clock.instant().plusSeconds(1).toString())
                    .put("targets", new JsonObject(new HashMap<>(targets)))
                    .put("defaultTarget", options.serviceLevelSeconds());
            Future<Map<String, JsonObject>> voice = vertx.eventBus().<JsonObject>request(VOICE_QUEUE_STATS, request, delivery)
                    .map(reply -> {
                        Map<String, JsonObject> byQueue = new TreeMap<>();
                        for (Object item : reply.body().getJsonArray("queues", new JsonArray())) {
                            JsonObject figures = (JsonObject) item;
                            byQueue.put(figures.getString("queue"), figures);
                        }
                        return byQueue;
                    })
                    .recover(error -> {
                        logUnanswered(VOICE_QUEUE_STATS, error);
                        return Future.succeededFuture(Map.of());
                    });
            return Future.all(voice, acd.agents()).map(all -> WallboardFigures.merge(acdQueues, all.resultAt(0),
                    all.resultAt(1), options.serviceLevelSeconds()));
        });
    }

    /** Returns {@code {"at", "byState", "agents"}}. */
    public Future<JsonObject> agents() {
        return acd.agents().map(agents -> AgentSnapshots.agentsSnapshot(agents).put("at", clock.instant().toString()));
    }

    /** Returns the active alerts, oldest first. */
    public Future<JsonArray> activeAlerts() {
        return redis.call(c -> c.hgetall(ALERTS_KEY)).map(stored -> {
            List<JsonObject> alerts = new ArrayList<>();
            stored.values().forEach(text -> alerts.add(new JsonObject(text)));
            alerts.sort((a, b) -> a.getString("raisedAt", "").compareTo(b.getString("raisedAt", "")));
            return new JsonArray(new ArrayList<>(alerts));
        });
    }

    /** Returns today's {@code TicketFacets}; {@code available: false} when no node runs the history search. */
    public Future<JsonObject> tickets() {
        String day = today().toString();
        JsonObject request = new JsonObject().put("from", startOfDay().toString())
                .put("to", clock.instant().plusSeconds(1).toString());
        return vertx.eventBus().<JsonObject>request(HISTORY_FACETS, request, delivery)
                .map(reply -> new JsonObject()
                        .put("day", day)
                        .put("available", true)
                        .put("total", reply.body().getLong("total", 0L))
                        .put("byCategory", reply.body().getJsonObject("byCategory", new JsonObject()))
                        .put("byStreet", reply.body().getJsonObject("byStreet", new JsonObject())))
                .recover(error -> {
                    logUnanswered(HISTORY_FACETS, error);
                    return Future.succeededFuture(new JsonObject().put("day", day).put("available", false).put("total", 0)
                            .put("byCategory", new JsonObject()).put("byStreet", new JsonObject()));
                });
    }

    /** Returns the whole wallboard in one object, as {@code GET /api/v1/wallboard} does. */
    public Future<JsonObject> all() {
        Future<JsonArray> queues = queues();
        Future<JsonObject> agents = agents();
        Future<JsonArray> alerts = activeAlerts();
        Future<JsonObject> tickets = tickets();
        return Future.all(queues, agents, alerts, tickets).map(done -> {
            JsonObject agentView = agents.result();
            return new JsonObject()
                    .put("at", clock.instant().toString())
                    .put("queues", queues.result())
                    .put("agents", new JsonObject().put("byState", agentView.getJsonObject("byState"))
                            .put("agents", agentView.getJsonArray("agents")))
                    .put("alerts", alerts.result())
                    .put("tickets", tickets.result());
        });
    }

    // ---- snapshots for the live topics ----

    @Override
    public Future<List<PushEvent>> queueStats() {
        return queues().map(queues -> {
            List<PushEvent> events = new ArrayList<>();
            Instant now = clock.instant();
            for (Object queue : queues) {
                events.add(new PushEvent(LiveTopic.WALLBOARD_QUEUES.code(), "queue.stats", now, null, (JsonObject) queue));
            }
            return events;
        });
    }

    @Override
    public Future<List<PushEvent>> alerts() {
        return activeAlerts().map(alerts -> List.of(new PushEvent(LiveTopic.WALLBOARD_ALERTS.code(), "alerts.snapshot",
                clock.instant(), null, new JsonObject().put("alerts", alerts))));
    }

    // ---- pushes ----

    /** Runs one tick on the node that takes this second's key; skipped while the previous one runs. */
    void tick() {
        if (ticking) {
            return;
        }
        ticking = true;
        claim(TICK_KEY, TICK_MILLIS - 100)
                .compose(won -> won ? pushQueues() : Future.succeededFuture())
                .compose(v -> claim(TICKETS_TICK_KEY, TICKETS_EVERY_MILLIS - 100))
                .compose(won -> won ? pushTicketChanges() : Future.succeededFuture())
                .onComplete(done -> {
                    ticking = false;
                    if (done.failed()) {
                        LOG.warn("Wallboard tick on node {} failed: {}", nodeId, done.cause().toString());
                    }
                });
    }

    private Future<Boolean> claim(String key, long millis) {
        return redis.call(c -> c.set(key, nodeId, SetArgs.Builder.nx().px(millis))).map("OK"::equals);
    }

    /** Pushes {@code queue.stats} for queues whose figures changed, and raised or cleared alerts. */
    Future<Void> pushQueues() {
        Future<JsonArray> current = queues();
        Future<Map<String, String>> previous = redis.call(c -> c.hgetall(QUEUES_KEY));
        return Future.all(current, previous).compose(done -> {
            Instant now = clock.instant();
            Map<String, String> changed = new HashMap<>();
            List<String> gone = new ArrayList<>(previous.result().keySet());
            for (Object item : current.result()) {
                JsonObject queue = (JsonObject) item;
                String name = queue.getString("queue");
                gone.remove(name);
                String text = queue.encode();
                if (!text.equals(previous.result().get(name))) {
                    changed.put(name, text);
                    push.publish(new PushEvent(LiveTopic.WALLBOARD_QUEUES.code(), "queue.stats", now, null, queue));
                }
            }
            Future<Void> stored = changed.isEmpty() ? Future.succeededFuture()
                    : redis.call(c -> c.hset(QUEUES_KEY, changed)).mapEmpty();
            if (!gone.isEmpty()) {
                stored = stored.compose(v -> redis.call(c -> c.hdel(QUEUES_KEY, gone.toArray(String[]::new))).mapEmpty());
            }
            return stored.compose(v -> updateAlerts(WallboardFigures.alerts(current.result(), now)));
        });
    }

    /** Stores the active alerts and pushes each one raised or cleared since the previous tick. */
    Future<Void> updateAlerts(Map<String, JsonObject> current) {
        return redis.call(c -> c.hgetall(ALERTS_KEY)).compose(stored -> {
            List<Future<?>> steps = new ArrayList<>();
            for (Map.Entry<String, JsonObject> entry : current.entrySet()) {
                String id = entry.getKey();
                JsonObject alert = entry.getValue();
                if (stored.containsKey(id)) {
                    // Still raised: keep raisedAt and refresh the value.
                    JsonObject kept = alert.copy().put("raisedAt", new JsonObject(stored.get(id)).getString("raisedAt"));
                    steps.add(redis.call(c -> c.hset(ALERTS_KEY, id, kept.encode())));
                } else {
                    steps.add(redis.call(c -> c.hsetnx(ALERTS_KEY, id, alert.encode())).onSuccess(won -> {
                        if (won) {
                            LOG.info("Wallboard alert raised: {} value {} threshold {}", id, alert.getValue("value"),
                                    alert.getValue("threshold"));
                            push.publish(new PushEvent(LiveTopic.WALLBOARD_ALERTS.code(), "alert.raised", clock.instant(),
                                    null, alert));
                        }
                    }));
                }
            }
            for (Map.Entry<String, String> entry : stored.entrySet()) {
                if (current.containsKey(entry.getKey())) {
                    continue;
                }
                JsonObject alert = new JsonObject(entry.getValue());
                steps.add(redis.call(c -> c.hdel(ALERTS_KEY, entry.getKey())).onSuccess(removed -> {
                    if (removed == 1) {
                        LOG.info("Wallboard alert cleared: {}", entry.getKey());
                        push.publish(new PushEvent(LiveTopic.WALLBOARD_ALERTS.code(), "alert.cleared", clock.instant(),
                                null, alert));
                    }
                }));
            }
            return Future.all(steps).mapEmpty();
        });
    }

    /** Pushes {@code tickets.changed} when today's ticket count moved since the last check. */
    Future<Void> pushTicketChanges() {
        double from = startOfDay().toEpochMilli();
        String day = today().toString();
        return redis.call(c -> c.zcount(RedisKeys.createdIndex(), Range.create(from, Double.POSITIVE_INFINITY)))
                .compose(count -> {
                    String seen = day + ":" + count;
                    return redis.call(c -> c.setGet(TICKETS_SEEN_KEY, seen)).map(previous -> {
                        if (!seen.equals(previous)) {
                            push.publish(new PushEvent(LiveTopic.WALLBOARD_TICKETS.code(), "tickets.changed",
                                    clock.instant(), null, new JsonObject().put("day", day)));
                        }
                        return null;
                    });
                });
    }

    private static void logUnanswered(String address, Throwable error) {
        if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            LOG.debug("No handler for {} on this node", address);
        } else {
            LOG.warn("Request {} failed: {}", address, error.toString());
        }
    }
}
