package io.yikou.core.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import io.yikou.core.live.AcdClient;
import io.yikou.core.live.LiveOptions;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffOptions;
import io.yikou.core.staff.StaffUser;
import io.yikou.testkit.Await;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wallboard against real Redis, with the ACD, the voice module and the ticket history standing in
 * as event-bus consumers: figures merged, pushes on change only, alerts raised and cleared once, and
 * the HTTP routes for supervisors only.
 */
class WallboardIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String PASSWORD = "board-password-1";

    private Vertx vertx;
    private RedisConnector redis;
    private StatefulRedisPubSubConnection<String, String> pushes;
    private final List<PushEvent> pushed = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer<JsonObject>> consumers = new CopyOnWriteArrayList<>();
    private final AtomicReference<JsonObject> hotline = new AtomicReference<>();
    private Wallboard wallboard;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        redis.async().flushall().get();
        pushes = redis.pubSub("test pushes");
        pushes.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                pushed.add(PushEvent.fromJson(new JsonObject(message)));
            }
        });
        pushes.sync().subscribe(PushPublisher.CHANNEL);
        hotline.set(voice(2, 37, 120, 9, 94));
        var bus = vertx.eventBus();
        consumers.add(bus.consumer(AcdClient.QUEUE_STATS, message -> message.reply(new JsonObject().put("queues",
                new JsonArray().add(new JsonObject().put("queue", "wechat-general").put("name", "微信综合")
                        .put("kind", "chat")
                        .put("chat", new JsonObject().put("waiting", 4).put("longestWaitSeconds", 60).put("answered", 51)
                                .put("abandoned", 3).put("answeredWithinTarget", 44))
                        .putNull("voice").put("voiceQueues", new JsonArray().add("96010-general"))
                        .put("serviceLevelSeconds", 15)
                        .put("alerts", new JsonObject().put("maxWaiting", 10).putNull("maxLongestWaitSeconds")
                                .putNull("minServiceLevel")))))));
        consumers.add(bus.consumer(AcdClient.AGENTS, message -> message.reply(new JsonObject().put("agents",
                new JsonArray().add(new JsonObject().put("userId", "u-1").put("state", "ready"))))));
        consumers.add(bus.consumer(Wallboard.VOICE_QUEUE_STATS, message -> message.reply(new JsonObject().put("queues",
                new JsonArray().add(hotline.get()).add(voice(0, 0, 3, 1, 2).put("queue", "overflow"))))));
        consumers.add(bus.consumer(Wallboard.HISTORY_FACETS, message -> message.reply(new JsonObject().put("total", 3)
                .put("byCategory", new JsonObject().put("road", 2).put("water", 1))
                .put("byStreet", new JsonObject().put("东华门街道", 3)))));
        wallboard = new Wallboard(vertx, redis, new AcdClient(vertx, Duration.ofSeconds(2)), LiveOptions.defaults(),
                Clock.systemUTC(), "node-a");
    }

    @AfterEach
    void stop() {
        consumers.forEach(MessageConsumer::unregister);
        wallboard.stop();
        redis.close();
        Await.result(vertx.close());
    }

    private static JsonObject voice(int waiting, int longest, int answered, int abandoned, int within) {
        return new JsonObject().put("queue", "96010-general").put("waiting", waiting).put("longestWaitSeconds", longest)
                .put("answered", answered).put("abandoned", abandoned).put("answeredWithinTarget", within)
                .put("averageHandleSeconds", 205).put("serviceLevelSeconds", 15);
    }

    private List<PushEvent> events(String event) {
        return pushed.stream().filter(e -> e.event().equals(event)).toList();
    }

    /** Pushes once more and waits until a marker published after it arrives, so every push of the round is in. */
    private void pushRound() {
        Await.result(wallboard.pushQueues());
        String marker = "m-" + System.nanoTime();
        Await.result(new PushPublisher(redis).publish(new PushEvent("wallboard.tickets", "marker", Instant.now(), null,
                new JsonObject().put("id", marker))));
        Awaitility.await().until(() -> pushed.stream().anyMatch(e -> marker.equals(e.data().getString("id"))));
    }

    @Test
    void chatQueueCarriesItsVoiceFigures() {
        JsonArray queues = Await.result(wallboard.queues());

        JsonObject general = queues.getJsonObject(0);
        assertThat(general.getString("queue")).isEqualTo("wechat-general");
        assertThat(general.getJsonObject("voice").getLong("answered")).isEqualTo(120);
        assertThat(general.getJsonObject("voice").getDouble("serviceLevel")).isEqualTo(94.0 / 129);
    }

    @Test
    void unnamedAsteriskQueueIsListedAsVoice() {
        JsonArray queues = Await.result(wallboard.queues());

        assertThat(queues.getJsonObject(1).getString("queue")).isEqualTo("overflow");
        assertThat(queues.getJsonObject(1).getString("kind")).isEqualTo("voice");
    }

    @Test
    void unchangedFiguresArePushedOnce() {
        pushRound();
        pushRound();

        assertThat(events("queue.stats")).hasSize(2);
    }

    @Test
    void changedFiguresArePushedAgain() {
        pushRound();
        hotline.set(voice(3, 40, 120, 9, 94));
        pushRound();

        assertThat(events("queue.stats")).extracting(e -> e.data().getString("queue"))
                .containsExactly("wechat-general", "overflow", "wechat-general");
    }

    @Test
    void alertIsRaisedOnceThenCleared() {
        hotline.set(voice(7, 40, 120, 9, 94));
        pushRound();
        pushRound();
        hotline.set(voice(1, 40, 120, 9, 94));
        pushRound();

        assertThat(events("alert.raised")).singleElement().satisfies(e -> {
            assertThat(e.data().getString("id")).isEqualTo("wechat-general:waiting");
            assertThat(e.data().getLong("value")).isEqualTo(11);
        });
        assertThat(events("alert.cleared")).hasSize(1);
        assertThat(Await.result(wallboard.activeAlerts())).isEmpty();
    }

    @Test
    void activeAlertKeepsRaisedAt() {
        hotline.set(voice(7, 40, 120, 9, 94));
        pushRound();
        String raisedAt = Await.result(wallboard.activeAlerts()).getJsonObject(0).getString("raisedAt");
        hotline.set(voice(9, 40, 120, 9, 94));
        pushRound();

        JsonObject alert = Await.result(wallboard.activeAlerts()).getJsonObject(0);
        assertThat(alert.getString("raisedAt")).isEqualTo(raisedAt);
        assertThat(alert.getLong("value")).isEqualTo(13);
    }

    @Test
    void newTicketTodayPushesTicketsChanged() throws Exception {
        Await.result(wallboard.pushTicketChanges());
        redis.async().zadd(RedisKeys.createdIndex(), Instant.now().toEpochMilli(), "96010-20261204-000001").get();
        Await.result(wallboard.pushTicketChanges());
        Await.result(wallboard.pushTicketChanges());

        Awaitility.await().until(() -> events("tickets.changed").size() >= 2);
        assertThat(events("tickets.changed")).hasSize(2);
    }

    @Test
    void ticketFacetsComeFromHistory() {
        JsonObject facets = Await.result(wallboard.tickets());

        assertThat(facets.getBoolean("available")).isTrue();
        assertThat(facets.getJsonObject("byStreet").getInteger("东华门街道")).isEqualTo(3);
    }

    @Test
    void ticketFacetsWithoutHistoryAreUnavailable() {
        consumers.forEach(MessageConsumer::unregister);

        assertThat(Await.result(wallboard.tickets()).getBoolean("available")).isFalse();
    }

    @Test
    void wallboardRoutesServeSupervisorsOnly() {
        StaffOptions defaults = StaffOptions.defaults();
        StaffOptions staff = new StaffOptions(defaults.idleTimeout(), defaults.absoluteTimeout(), "Strict",
                defaults.trustedProxies(), 5, 50, defaults.failureWindow(), 10, 8 * 1024, 1, "admin",
                Optional.empty(), defaults.auditRetention());
        SessionStaffAuth auth = SessionStaffAuth.create(vertx, redis, staff, Clock.systemUTC(), "service-token-0123456789abcdef");
        StaffUser agent = Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser("board.agent", "a", Role.AGENT, PASSWORD), null));
        StaffUser supervisor = Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser("board.super", "s", Role.SUPERVISOR, PASSWORD), null));
        Router router = Router.router(vertx);
        new WallboardRoutes(wallboard, auth, Clock.systemUTC()).mount(router);
        router.route().failureHandler(new ErrorResponder(Messages.core()));
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        HttpClient client = vertx.createHttpClient();

        for (String path : List.of("", "/queues", "/agents", "/alerts", "/tickets")) {
            assertThat(status(client, server, auth, agent, path)).as("agent " + path).isEqualTo(403);
            assertThat(status(client, server, auth, supervisor, path)).as("supervisor " + path).isEqualTo(200);
        }
        Await.result(client.close());
        Await.result(server.close());
    }

    private static int status(HttpClient client, HttpServer server, SessionStaffAuth auth, StaffUser user, String path) {
        String token = Await.result(auth.logins().login(user.username(), PASSWORD, "127.0.0.1", Optional.empty())).token();
        return Await.result(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/api/v1/wallboard" + path)
                .compose(request -> request.putHeader("Cookie", SessionStaffAuth.COOKIE + "=" + token).send())
                .map(response -> response.statusCode()));
    }
}
