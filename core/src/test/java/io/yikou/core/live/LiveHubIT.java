package io.yikou.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffOptions;
import io.yikou.core.staff.StaffUser;
import io.yikou.testkit.Await;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live hub over real HTTP and real WebSockets, with real Redis carrying events between two
 * nodes: node A serves the sockets, node B publishes.
 */
class LiveHubIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String PASSWORD = "live-password-1";

    private Vertx vertx;
    private RedisConnector nodeA;
    private RedisConnector nodeB;
    private PushPublisher publisherB;
    private SessionStaffAuth auth;
    private LiveHub hub;
    private HttpServer server;
    private final List<LiveClient> clients = new ArrayList<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private StaffUser agentOne;
    private StaffUser agentTwo;
    private StaffUser supervisor;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        nodeA = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        nodeB = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        nodeA.async().flushall().get();
        publisherB = new PushPublisher(nodeB);
        StaffOptions defaults = StaffOptions.defaults();
        StaffOptions staff = new StaffOptions(defaults.idleTimeout(), defaults.absoluteTimeout(), "Strict",
                defaults.trustedProxies(), 5, 50, defaults.failureWindow(), 10, 8 * 1024, 1, "admin",
                Optional.empty(), defaults.auditRetention());
        auth = SessionStaffAuth.create(vertx, nodeA, staff, Clock.systemUTC(), "service-token-0123456789abcdef");
        agentOne = user("live.agent1", Role.AGENT);
        agentTwo = user("live.agent2", Role.AGENT);
        supervisor = user("live.super", Role.SUPERVISOR);
        start(Duration.ofSeconds(30), 256);
    }

    private void start(Duration reauthorize, int queueLimit) {
        start(reauthorize, queueLimit, EnumSet.allOf(Role.class));
    }

    private void start(Duration reauthorize, int queueLimit, Set<Role> phoneNumberRoles) {
        LiveOptions options = new LiveOptions(reauthorize, queueLimit, phoneNumberRoles, ZoneId.of("Asia/Shanghai"), 15);
        AcdClient acd = new AcdClient(vertx, Duration.ofSeconds(1));
        hub = new LiveHub(vertx, nodeA, auth, options,
                new AcdSnapshots(acd, AcdSnapshots.acdOnly(acd, Clock.systemUTC()), Clock.systemUTC()));
        Await.result(hub.start());
        Router router = Router.router(vertx);
        router.get(LiveHub.PATH).handler(hub::handshake);
        router.route().failureHandler(new ErrorResponder(Messages.core()));
        server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    private void restart(Duration reauthorize, int queueLimit) {
        restart(reauthorize, queueLimit, EnumSet.allOf(Role.class));
    }

    private void restart(Duration reauthorize, int queueLimit, Set<Role> phoneNumberRoles) {
        Await.result(server.close());
        Await.result(hub.stop());
        start(reauthorize, queueLimit, phoneNumberRoles);
    }

    @AfterEach
    void stop() {
        clients.forEach(LiveClient::close);
        consumers.forEach(MessageConsumer::unregister);
        Await.result(server.close());
        Await.result(hub.stop());
        nodeA.close();
        nodeB.close();
        Await.result(vertx.close());
    }

    private StaffUser user(String name, Role role) {
        return Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser(name, name, role, PASSWORD), null));
    }

    private String login(StaffUser user) {
        return Await.result(auth.logins().login(user.username(), PASSWORD, "127.0.0.1", Optional.empty())).token();
    }

    private String origin() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private LiveClient connect(StaffUser user) {
        LiveClient client = Await.result(LiveClient.open(vertx, server.actualPort(), login(user), origin()));
        clients.add(client);
        return client;
    }

    private void publishFromNodeB(String topic, String event, String userId, JsonObject data) {
        Await.result(publisherB.publish(new PushEvent(topic, event, Instant.now(), userId, data)));
    }

    private static JsonObject errorFor(LiveClient client, String topic) {
        return client.await(m -> "error".equals(m.getString("type")) && topic.equals(m.getString("topic")));
    }

    @Test
    void handshakeWithoutSessionIsRefused() {
        Throwable failure = Await.failure(LiveClient.open(vertx, server.actualPort(), null, origin()));

        assertThat(failure.getMessage()).contains("401");
    }

    @Test
    void handshakeFromForeignOriginIsRefused() {
        Throwable failure = Await.failure(LiveClient.open(vertx, server.actualPort(), login(agentOne),
                "https://attacker.example"));

        assertThat(failure.getMessage()).contains("403");
    }

    @Test
    void plainRequestWithoutUpgradeIsRefused() {
        var client = vertx.createHttpClient();
        int status = Await.result(client.request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1",
                LiveHub.PATH).compose(request -> request.send()).map(response -> response.statusCode()));
        Await.result(client.close());

        assertThat(status).isEqualTo(400);
    }

    @Test
    void agentIsRefusedSupervisorTopics() {
        LiveClient agent = connect(agentOne);

        JsonObject subscribed = agent.subscribe("1", "agent", "wallboard.queues");

        assertThat(subscribed.getJsonArray("topics")).containsExactly("agent");
        assertThat(errorFor(agent, "wallboard.queues").getString("code")).isEqualTo("forbidden");
    }

    @Test
    void supervisorHoldsEveryWallboardTopic() {
        LiveClient board = connect(supervisor);

        JsonObject subscribed = board.subscribe("1", "wallboard.queues", "wallboard.agents", "wallboard.alerts",
                "wallboard.failures", "wallboard.tickets");

        assertThat(subscribed.getJsonArray("topics")).hasSize(5);
    }

    @Test
    void unknownTopicIsNamedInError() {
        LiveClient agent = connect(agentOne);
        agent.subscribe("1", "nonsense");

        assertThat(errorFor(agent, "nonsense").getString("code")).isEqualTo("unknown_topic");
    }

    @Test
    void pingIsAnsweredWithItsId() {
        LiveClient agent = connect(agentOne);
        agent.send(new JsonObject().put("type", "ping").put("id", "p-7"));

        assertThat(agent.await(m -> "pong".equals(m.getString("type"))).getString("id")).isEqualTo("p-7");
    }

    @Test
    void unsubscribeLeavesOtherTopics() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.queues", "wallboard.alerts");
        board.send(new JsonObject().put("type", "unsubscribe").put("id", "2")
                .put("topics", new JsonArray().add("wallboard.queues")));

        JsonObject answer = board.await(m -> "unsubscribed".equals(m.getString("type")));

        assertThat(answer.getJsonArray("topics")).containsExactly("wallboard.alerts");
    }

    @Test
    void textThatIsNotJsonIsInvalid() {
        LiveClient agent = connect(agentOne);
        agent.sendText("{not json");

        assertThat(agent.await(m -> "error".equals(m.getString("type"))).getString("code")).isEqualTo("invalid_message");
    }

    @Test
    void unknownTypeIsInvalidWithItsId() {
        LiveClient agent = connect(agentOne);
        agent.send(new JsonObject().put("type", "shout").put("id", "9"));

        JsonObject error = agent.await(m -> "error".equals(m.getString("type")));

        assertThat(error.getString("id") + "/" + error.getString("code")).isEqualTo("9/invalid_message");
    }

    @Test
    void messageOverFourKibIsInvalid() {
        LiveClient agent = connect(agentOne);
        agent.send(new JsonObject().put("type", "ping").put("id", "big").put("pad", "x".repeat(4100)));

        JsonObject answer = agent.await(m -> "error".equals(m.getString("type")) || "pong".equals(m.getString("type")));

        assertThat(answer.getString("code")).isEqualTo("invalid_message");
    }

    @Test
    void eventFromAnotherNodeReachesSubscriber() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.failures");

        publishFromNodeB("wallboard.failures", "ticket.routing-failed", null,
                new JsonObject().put("number", "96010-20261204-000001").put("reason", "timeout"));

        assertThat(board.awaitEvent("ticket.routing-failed").getJsonObject("data").getString("number"))
                .isEqualTo("96010-20261204-000001");
    }

    @Test
    void userEventReachesOnlyThatUser() {
        LiveClient one = connect(agentOne);
        LiveClient two = connect(agentTwo);
        one.subscribe("1", "agent");
        two.subscribe("1", "agent");

        publishFromNodeB("agent", "offer.new", agentOne.id(), new JsonObject().put("conversationId", "V-1"));
        publishFromNodeB("agent", "offer.new", agentTwo.id(), new JsonObject().put("conversationId", "V-2"));
        one.awaitEvent("offer.new");
        two.awaitEvent("offer.new");

        assertThat(two.events("offer.new")).extracting(m -> m.getJsonObject("data").getString("conversationId"))
                .containsExactly("V-2");
    }

    @Test
    void personalTopicWithoutUserIsDeliveredToNobody() {
        LiveClient one = connect(agentOne);
        one.subscribe("1", "agent");

        publishFromNodeB("agent", "offer.new", null, new JsonObject().put("conversationId", "V-0"));
        publishFromNodeB("agent", "offer.new", agentOne.id(), new JsonObject().put("conversationId", "V-1"));
        one.awaitEvent("offer.new");

        assertThat(one.events("offer.new")).extracting(m -> m.getJsonObject("data").getString("conversationId"))
                .containsExactly("V-1");
    }

    @Test
    void unsubscribedTopicIsNotDelivered() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.tickets");

        publishFromNodeB("wallboard.failures", "ticket.routing-failed", null, new JsonObject().put("number", "x"));
        publishFromNodeB("wallboard.tickets", "tickets.changed", null, new JsonObject().put("day", "2026-12-04"));
        board.awaitEvent("tickets.changed");

        assertThat(board.events("ticket.routing-failed")).isEmpty();
    }

    @Test
    void agentSnapshotComesFromAcd() {
        consumers.add(vertx.eventBus().<JsonObject>consumer(AcdClient.AGENTS, message -> message.reply(new JsonObject()
                .put("agents", new JsonArray()
                        .add(new JsonObject().put("userId", agentTwo.id()).put("state", "busy"))
                        .add(new JsonObject().put("userId", agentOne.id()).put("state", "ready"))))));
        LiveClient agent = connect(agentOne);
        agent.subscribe("1", "agent");

        assertThat(agent.awaitEvent("agent.state").getJsonObject("data").getString("state")).isEqualTo("ready");
    }

    @Test
    void agentsSnapshotCountsStates() {
        consumers.add(vertx.eventBus().<JsonObject>consumer(AcdClient.AGENTS, message -> message.reply(new JsonObject()
                .put("agents", new JsonArray()
                        .add(new JsonObject().put("userId", "u-1").put("state", "busy"))
                        .add(new JsonObject().put("userId", "u-2").put("state", "busy"))
                        .add(new JsonObject().put("userId", "u-3").put("state", "ready"))))));
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.agents");

        assertThat(board.awaitEvent("agents.snapshot").getJsonObject("data").getJsonObject("byState").getMap())
                .containsEntry("busy", 2).containsEntry("ready", 1);
    }

    @Test
    void snapshotWithoutAcdIsEmpty() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.agents");

        assertThat(board.awaitEvent("agents.snapshot").getJsonObject("data").getJsonArray("agents")).isEmpty();
    }

    @Test
    void logoutClosesSocketOnNextMessage() {
        String token = login(agentOne);
        LiveClient agent = Await.result(LiveClient.open(vertx, server.actualPort(), token, origin()));
        clients.add(agent);
        Await.result(auth.sessions().revoke(auth.sessions().idOf(token)));

        agent.send(new JsonObject().put("type", "ping").put("id", "1"));

        assertThat(agent.await(m -> "closed".equals(m.getString("type"))).getString("code")).isEqualTo("session_expired");
        Awaitility.await().until(() -> agent.closeStatus != null);
        assertThat(agent.closeStatus).isEqualTo((short) 4401);
    }

    @Test
    void timerClosesSocketAfterLogout() {
        restart(Duration.ofSeconds(1), 256);
        String token = login(agentOne);
        LiveClient agent = Await.result(LiveClient.open(vertx, server.actualPort(), token, origin()));
        clients.add(agent);
        Await.result(auth.sessions().revoke(auth.sessions().idOf(token)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent.closeStatus != null);

        assertThat(agent.closeStatus).isEqualTo((short) 4401);
    }

    @Test
    void roleLoweredDropsWallboardTopic() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.queues", "agent");
        Await.result(auth.accounts().update(StaffPrincipal.system("test"), supervisor.id(),
                new StaffAccounts.UserChanges(Optional.empty(), Optional.of(Role.AGENT), Optional.empty()), null));

        board.send(new JsonObject().put("type", "ping").put("id", "2"));

        assertThat(errorFor(board, "wallboard.queues").getString("code")).isEqualTo("forbidden");
    }

    @Test
    void roleLoweredStopsWallboardEvents() {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.queues", "agent");
        Await.result(auth.accounts().update(StaffPrincipal.system("test"), supervisor.id(),
                new StaffAccounts.UserChanges(Optional.empty(), Optional.of(Role.AGENT), Optional.empty()), null));
        board.send(new JsonObject().put("type", "ping").put("id", "2"));
        board.await(m -> "pong".equals(m.getString("type")));

        publishFromNodeB("wallboard.queues", "queue.stats", null, new JsonObject().put("queue", "q1"));
        publishFromNodeB("agent", "agent.state", supervisor.id(), new JsonObject().put("state", "ready"));
        board.awaitEvent("agent.state");

        assertThat(board.events("queue.stats")).isEmpty();
    }

    @Test
    void slowBrowserIsDroppedWhileOthersReceive() {
        restart(Duration.ofSeconds(30), 16);
        LiveClient slow = connect(supervisor);
        LiveClient fast = connect(supervisor);
        slow.subscribe("1", "wallboard.tickets");
        fast.subscribe("1", "wallboard.tickets");
        slow.socket().pause();
        String padding = "x".repeat(16 * 1024);
        int batch = 8;
        int sent = 0;

        // Batches the fast desk reads before the next; the paused one falls behind until its queue overflows.
        while (hub.socketCount() == 2 && sent < 8000) {
            for (int i = 0; i < batch; i++, sent++) {
                publisherB.publish(new PushEvent("wallboard.tickets", "tickets.changed", Instant.now(), null,
                        new JsonObject().put("day", "2026-12-04").put("n", sent).put("pad", padding)));
            }
            int expected = sent;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fast.events("tickets.changed").size() == expected);
        }

        assertThat(hub.socketCount()).isEqualTo(1);
        assertThat(fast.closeStatus).isNull();
    }

    private static JsonObject pop() {
        return new JsonObject().put("linkedid", "1796416215.30").put("callerNumber", "13800138000")
                .put("callerNumberMasked", "138****8000");
    }

    @Test
    void screenPopReachesAgentWithNumber() {
        LiveClient agent = connect(agentOne);
        agent.subscribe("1", "agent");

        publishFromNodeB("agent", "call.screen-pop", agentOne.id(), pop());

        assertThat(agent.awaitEvent("call.screen-pop").getJsonObject("data").getString("callerNumber"))
                .isEqualTo("13800138000");
    }

    @Test
    void screenPopHidesNumberFromOtherRoles() {
        restart(Duration.ofSeconds(30), 256, EnumSet.of(Role.SUPERVISOR));
        LiveClient agent = connect(agentOne);
        agent.subscribe("1", "agent");

        publishFromNodeB("agent", "call.screen-pop", agentOne.id(), pop());

        JsonObject data = agent.awaitEvent("call.screen-pop").getJsonObject("data");
        assertThat(data.getString("callerNumber")).isNull();
        assertThat(data.getString("callerNumberMasked")).isEqualTo("138****8000");
    }

    @Test
    void screenPopAfterLogoutClosesSocket() {
        String token = login(agentOne);
        LiveClient agent = Await.result(LiveClient.open(vertx, server.actualPort(), token, origin()));
        clients.add(agent);
        agent.subscribe("1", "agent");
        Await.result(auth.sessions().revoke(auth.sessions().idOf(token)));

        publishFromNodeB("agent", "call.screen-pop", agentOne.id(), pop());

        Awaitility.await().until(() -> agent.closeStatus != null);
        assertThat(agent.events("call.screen-pop")).isEmpty();
    }

    @Test
    void floodOfMessagesClosesSocket() {
        LiveClient agent = connect(agentOne);

        // Written in one go, faster than the session checks behind them can run.
        for (int i = 0; i < 2000 && agent.closeStatus == null; i++) {
            agent.socket().writeTextMessage(new JsonObject().put("type", "ping").put("id", Integer.toString(i)).encode());
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> agent.closeStatus != null);
        assertThat(agent.closeStatus).isEqualTo((short) 1008);
    }

    @Test
    void eventsFlowAgainAfterRedisDropsSubscription() throws Exception {
        LiveClient board = connect(supervisor);
        board.subscribe("1", "wallboard.tickets");
        nodeB.async().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()).get();

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            publishFromNodeB("wallboard.tickets", "tickets.changed", null, new JsonObject().put("day", "2026-12-05"));
            return !board.events("tickets.changed").isEmpty();
        });

        assertThat(board.events("tickets.changed").get(0).getJsonObject("data").getString("day")).isEqualTo("2026-12-05");
    }
}
