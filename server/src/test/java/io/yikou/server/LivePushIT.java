package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.testkit.Await;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live hub and wallboard as the server wires them (found through the module provider, behind the
 * server's body handler and failure handler), with a real login and a real WebSocket.
 */
class LivePushIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String PASSWORD = "live-push-password-1";

    private static TestServer server;
    private static Vertx vertx;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(REDIS.url(), "", Map.of());
        server.createUser("push.super", "值班长", "supervisor", PASSWORD);
        server.createUser("push.agent", "坐席", "agent", PASSWORD);
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterAll
    static void stop() throws Exception {
        Await.result(client.close());
        Await.result(vertx.close());
        server.close();
    }

    private WebSocket open(StaffClient staff, List<JsonObject> received) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI("/api/v1/live")
                .addHeader("Cookie", SessionStaffAuth.COOKIE + "=" + staff.sessionCookie().orElseThrow().getValue())
                .addHeader("Origin", "http://127.0.0.1:" + server.port());
        WebSocket socket = Await.result(client.connect(options));
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        return socket;
    }

    @Test
    void supervisorSocketReceivesPublishedEvent() throws Exception {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        WebSocket socket = open(server.login("push.super", PASSWORD), received);
        socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "1")
                .put("topics", new JsonArray().add("wallboard.failures")).encode());
        Awaitility.await().until(() -> received.stream().anyMatch(m -> "subscribed".equals(m.getString("type"))));

        server.redis().publish(PushPublisher.CHANNEL, new PushEvent("wallboard.failures", "ticket.routing-failed",
                Instant.now(), null, new JsonObject().put("number", "96010-20261204-000009").put("reason", "503"))
                .toJson().encode());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                .anyMatch(m -> "ticket.routing-failed".equals(m.getString("event"))));
        assertThat(received).filteredOn(m -> "event".equals(m.getString("type")))
                .extracting(m -> m.getJsonObject("data").getString("number")).containsExactly("96010-20261204-000009");
    }

    @Test
    void agentStateChangeReachesAgentAndWallboard() throws Exception {
        StaffClient agent = server.login("push.agent", PASSWORD);
        List<JsonObject> own = new CopyOnWriteArrayList<>();
        List<JsonObject> board = new CopyOnWriteArrayList<>();
        open(agent, own).writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "1")
                .put("topics", new JsonArray().add("agent")).encode());
        open(server.login("push.super", PASSWORD), board).writeTextMessage(new JsonObject().put("type", "subscribe")
                .put("id", "1").put("topics", new JsonArray().add("wallboard.agents")).encode());
        Awaitility.await().until(() -> own.stream().anyMatch(m -> "subscribed".equals(m.getString("type")))
                && board.stream().anyMatch(m -> "agents.snapshot".equals(m.getString("event"))));

        HttpResponse<String> changed = agent.put("/api/v1/agent/state", new JsonObject().put("presence", "ready"));

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> own.stream().anyMatch(m ->
                "agent.state".equals(m.getString("event")) && "ready".equals(m.getJsonObject("data").getString("presence"))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> board.stream().anyMatch(m ->
                "agent.state".equals(m.getString("event")) && "ready".equals(m.getJsonObject("data").getString("presence"))));
    }

    @Test
    void agentIsForbiddenWallboardRoutes() throws Exception {
        HttpResponse<String> response = server.login("push.agent", PASSWORD).get("/api/v1/wallboard");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void supervisorReadsWallboard() throws Exception {
        HttpResponse<String> response = server.login("push.super", PASSWORD).get("/api/v1/wallboard");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getJsonObject("tickets").getString("day")).isNotBlank();
    }

    @Test
    void loggedOutBrowserGetsNoSocket() {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI("/api/v1/live");

        assertThat(Await.failure(client.connect(options)).getMessage()).contains("401");
    }
}
