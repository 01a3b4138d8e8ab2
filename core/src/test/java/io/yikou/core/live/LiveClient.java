package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A desk's end of {@code /api/v1/live} for tests: a real Vert.x WebSocket that records what arrives. */
final class LiveClient implements AutoCloseable {

    private final WebSocketClient client;
    private final WebSocket socket;
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    volatile Short closeStatus;

    private LiveClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(v -> closeStatus = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
    }

    /** Opens the socket with a session cookie ({@code null} for none) and an {@code Origin} ({@code null} for none). */
    static Future<LiveClient> open(Vertx vertx, int port, String sessionToken, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI(LiveHub.PATH);
        if (sessionToken != null) {
            options.addHeader("Cookie", SessionStaffAuth.COOKIE + "=" + sessionToken);
        }
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        WebSocketClient client = vertx.createWebSocketClient();
        return client.connect(options).map(socket -> new LiveClient(client, socket))
                .onFailure(error -> client.close());
    }

    WebSocket socket() {
        return socket;
    }

    void send(JsonObject message) {
        Await.result(socket.writeTextMessage(message.encode()));
    }

    void sendText(String text) {
        Await.result(socket.writeTextMessage(text));
    }

    /** Subscribes and waits for the reply with this id. */
    JsonObject subscribe(String id, String... topics) {
        send(new JsonObject().put("type", "subscribe").put("id", id).put("topics", new JsonArray(List.of((Object[]) topics))));
        return await(m -> "subscribed".equals(m.getString("type")) && id.equals(m.getString("id")));
    }

    /** Waits for the first message matching and returns it. */
    JsonObject await(Predicate<JsonObject> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> received.stream().filter(match).findFirst().orElse(null), m -> m != null);
    }

    /** Waits for an event of this name. */
    JsonObject awaitEvent(String event) {
        return await(m -> "event".equals(m.getString("type")) && event.equals(m.getString("event")));
    }

    List<JsonObject> events(String event) {
        return received.stream().filter(m -> "event".equals(m.getString("type")) && event.equals(m.getString("event")))
                .toList();
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
