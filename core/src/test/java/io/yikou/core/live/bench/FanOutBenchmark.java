package io.yikou.core.live.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.live.AcdClient;
import io.yikou.core.live.AcdSnapshots;
import io.yikou.core.live.LiveHub;
import io.yikou.core.live.LiveOptions;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisServerProcess;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time for one queue update to reach every connected wallboard: a {@code queue.stats} event is
 * published on Redis by a second connection (another node), and the clock stops when the last of
 * {@code desktops} WebSockets has received it. Updates go one after another, each once the previous
 * one reached every socket, so the figure is latency, not throughput.
 *
 * <p>Everything runs in one JVM on loopback: a private {@code redis-server}, the hub on as many HTTP
 * listeners as processors (as the server deploys it), and the desktops on a Vert.x instance of their
 * own, so the clients compete with the server for the same cores.
 *
 * <p>Run from the repository root:
 * {@code mvn -B -q -pl core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.yikou.core.live.bench.FanOutBenchmark -Dexec.args="500 300 50"}
 * (desktops, measured updates, warm-up updates).
 */
public final class FanOutBenchmark {

    private static final String PASSWORD = "bench-password-1";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FanOutBenchmark.class);

    private FanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int desktops = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path dir = Files.createTempDirectory("yikou-fanout");
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        RedisServerProcess redisServer = new RedisServerProcess(dir, redisPort).start();
        Vertx server = Vertx.vertx();
        Vertx clients = Vertx.vertx();
        try {
            run(server, clients, redisServer.url(), desktops, updates, warmUp);
        } finally {
            clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            redisServer.close();
        }
        System.exit(0);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private static void run(Vertx server, Vertx clients, String redisUrl, int desktops, int updates, int warmUp)
            throws Exception {
        RedisConnector nodeA = RedisConnector.connect(server, redisUrl, Duration.ofSeconds(5));
        RedisConnector nodeB = RedisConnector.connect(clients, redisUrl, Duration.ofSeconds(5));
        StaffOptions d = StaffOptions.defaults();
        StaffOptions staff = new StaffOptions(d.idleTimeout(), d.absoluteTimeout(), "Strict", d.trustedProxies(),
                5, 50, d.failureWindow(), 10, 8 * 1024, 1, "admin", Optional.empty(), d.auditRetention());
        SessionStaffAuth auth = SessionStaffAuth.create(server, nodeA, staff, Clock.systemUTC(), "bench-service-token-0123456789");
        await(auth.accounts().create(StaffPrincipal.system("bench"),
                new StaffAccounts.NewUser("bench.super", "bench", Role.SUPERVISOR, PASSWORD), null));
        AcdClient acd = new AcdClient(server, Duration.ofSeconds(1));
        LiveHub hub = new LiveHub(server, nodeA, auth, LiveOptions.defaults(),
                new AcdSnapshots(acd, AcdSnapshots.acdOnly(acd, Clock.systemUTC()), Clock.systemUTC()));
        await(hub.start());
        Router router = Router.router(server);
        router.get(LiveHub.PATH).handler(hub::handshake);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int listeners = Runtime.getRuntime().availableProcessors();
        HttpServerOptions httpOptions = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
        await(server.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(httpOptions).requestHandler(router).listen().map((HttpServer s) -> s);
            }
        }, new DeploymentOptions().setInstances(listeners)));

        // Each desktop logs in on its own, as browsers do; the session check then runs per socket.
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < desktops; i++) {
            tokens.add(await(auth.logins().login("bench.super", PASSWORD, "127.0.0.1", Optional.empty())).token());
        }
        AtomicLong expectedSeq = new AtomicLong(-1);
        AtomicInteger arrived = new AtomicInteger();
        CountDownLatch[] done = new CountDownLatch[1];
        long[] lastArrival = new long[1];
        WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(desktops + 10));
        CountDownLatch subscribed = new CountDownLatch(desktops);
        for (int i = 0; i < desktops; i++) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI(LiveHub.PATH).addHeader("Cookie", SessionStaffAuth.COOKIE + "=" + tokens.get(i))
                    .addHeader("Origin", "http://127.0.0.1:" + port);
            WebSocket socket = await(client.connect(options));
            socket.textMessageHandler(text -> {
                JsonObject message = new JsonObject(text);
                if ("subscribed".equals(message.getString("type"))) {
                    subscribed.countDown();
                    return;
                }
                if (!"queue.stats".equals(message.getString("event"))) {
                    return;
                }
                long seq = message.getJsonObject("data").getLong("seq", -2L);
                if (seq == expectedSeq.get() && arrived.incrementAndGet() == desktops) {
                    lastArrival[0] = System.nanoTime();
                    done[0].countDown();
                }
            });
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "1")
                    .put("topics", new JsonArray().add("wallboard.queues")).encode());
        }
        if (!subscribed.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every desktop subscribed");
        }
        LOG.info("{} desktops connected to {} listeners; hub holds {} sockets", desktops, listeners, hub.socketCount());

        PushPublisher publisher = new PushPublisher(nodeB);
        long[] micros = new long[updates];
        for (int i = -warmUp; i < updates; i++) {
            expectedSeq.set(i + warmUp);
            arrived.set(0);
            done[0] = new CountDownLatch(1);
            JsonObject stats = queueStats(i + warmUp);
            long start = System.nanoTime();
            publisher.publish(new PushEvent("wallboard.queues", "queue.stats", Instant.now(), null, stats));
            if (!done[0].await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("update " + (i + warmUp) + " reached only " + arrived.get() + " desktops");
            }
            if (i >= 0) {
                micros[i] = (lastArrival[0] - start) / 1000;
            }
        }
        Arrays.sort(micros);
        LOG.info(String.format(java.util.Locale.ROOT, "fan-out of one queue.stats to %d desktops, %d updates after %d "
                        + "warm-up: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", desktops, updates, warmUp,
                percentile(micros, 0.50), percentile(micros, 0.90), percentile(micros, 0.99),
                micros[micros.length - 1] / 1000.0));
        await(hub.stop());
        nodeA.close();
        nodeB.close();
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    /** Builds a {@code QueueStats} body of realistic size (about 600 bytes). */
    private static JsonObject queueStats(long seq) {
        return new JsonObject()
                .put("seq", seq)
                .put("queue", "wechat-general").put("name", "微信综合").put("kind", "chat")
                .put("chat", new JsonObject().put("waiting", 4).put("longestWaitSince", "2026-12-04T02:11:02Z")
                        .put("longestWaitSeconds", 245).put("offered", 2).put("answered", 51).put("abandoned", 3)
                        .put("serviceLevel", 0.86).put("answeredWithinTarget", 44).put("averageHandleSeconds", 312)
                        .put("averageWaitSeconds", 21))
                .put("voice", new JsonObject().put("waiting", 2).put("longestWaitSeconds", 37).put("answered", 120)
                        .put("abandoned", 9).put("serviceLevel", 0.78).put("answeredWithinTarget", 94)
                        .put("averageHandleSeconds", 205))
                .put("serviceLevelSeconds", 15)
                .put("agents", new JsonObject().put("ready", 3).put("busy", 5).put("not_ready", 1).put("ringing", 0)
                        .put("wrap_up", 1));
    }
}
