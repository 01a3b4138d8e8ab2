package io.yikou.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.redis.RedisConnector;
import io.yikou.testkit.Await;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The checks a WebSocket or SSE endpoint uses: {@code authenticate} on the opening request and
 * {@code reauthorize} for each message, against real Redis and a real WebSocket handshake.
 */
class SessionStaffAuthIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String SERVICE_TOKEN = "service-token-0123456789abcdef";
    private static final String PASSWORD = "socket-password-1";

    private static Vertx vertx;
    private static RedisConnector redis;
    private static HttpServer server;
    private static volatile SessionStaffAuth auth;

    private MutableClock clock;
    private StaffUser agent;
    private String token;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        // The handshake is accepted only for an agent session, as a desk push endpoint would do it.
        server = Await.result(vertx.createHttpServer().webSocketHandshakeHandler(handshake ->
                auth.authenticate(io.vertx.core.http.HttpMethod.GET, handshake.headers(), Role.AGENT).onComplete(result -> {
                    if (result.succeeded()) {
                        handshake.accept();
                    } else {
                        handshake.reject(((ApiException) result.cause()).status());
                    }
                })).webSocketHandler(socket -> socket.writeTextMessage("hello")).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void disconnect() {
        Await.result(server.close());
        redis.close();
        Await.result(vertx.close());
    }

    @BeforeEach
    void setUp() throws Exception {
        redis.async().flushall().get();
        clock = new MutableClock(Instant.parse("2026-03-02T01:00:00Z"));
        StaffOptions defaults = StaffOptions.defaults();
        StaffOptions options = new StaffOptions(defaults.idleTimeout(), defaults.absoluteTimeout(), "Strict",
                defaults.trustedProxies(), 5, 50, defaults.failureWindow(), 10, 8 * 1024, 1, "admin",
                Optional.empty(), defaults.auditRetention());
        auth = SessionStaffAuth.create(vertx, redis, options, clock, SERVICE_TOKEN);
        agent = Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser("ws.agent", "坐席一", Role.AGENT, PASSWORD), null));
        token = Await.result(auth.logins().login("ws.agent", PASSWORD, "127.0.0.1", Optional.empty())).token();
    }

    private Future<String> open(String cookie, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(server.actualPort()).setURI("/desk/push");
        if (cookie != null) {
            options.addHeader("Cookie", SessionStaffAuth.COOKIE + "=" + cookie);
        }
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        WebSocketClient client = vertx.createWebSocketClient();
        return client.connect(options)
                .compose(socket -> Future.<String>future(promise -> socket.textMessageHandler(promise::tryComplete)))
                .eventually(client::close);
    }

    private StaffPrincipal principal() {
        return StaffLogins.principal(Await.result(auth.sessions().touch(token)).orElseThrow());
    }

    private static int status(Throwable failure) {
        return failure instanceof ApiException api ? api.status() : -1;
    }

    @Test
    void sessionCookieOpensWebSocket() {
        assertThat(Await.result(open(token, "http://127.0.0.1:" + server.actualPort()))).isEqualTo("hello");
    }

    @Test
    void missingCookieIsRejectedAtHandshake() {
        Throwable failure = Await.failure(open(null, null));

        assertThat(failure.getMessage()).contains("401");
    }

    @Test
    void foreignOriginIsRejectedAtHandshake() {
        Throwable failure = Await.failure(open(token, "https://attacker.example"));

        assertThat(failure.getMessage()).contains("403");
    }

    @Test
    void reauthorizePassesWhileSessionLives() {
        StaffPrincipal checked = Await.result(auth.reauthorize(principal(), Role.AGENT));

        assertThat(checked.userId()).isEqualTo(agent.id());
    }

    @Test
    void reauthorizeFailsAfterLogout() {
        StaffPrincipal principal = principal();
        Await.result(auth.logins().logout(principal, "127.0.0.1"));

        assertThat(status(Await.failure(auth.reauthorize(principal, Role.AGENT)))).isEqualTo(401);
    }

    @Test
    void reauthorizeFailsAfterIdleTimeout() {
        StaffPrincipal principal = principal();
        clock.advance(Duration.ofMinutes(30));

        assertThat(status(Await.failure(auth.reauthorize(principal, Role.AGENT)))).isEqualTo(401);
    }

    @Test
    void recheckDoesNotDelayIdleTimeout() {
        StaffPrincipal principal = principal();
        clock.advance(Duration.ofMinutes(20));
        Await.result(auth.recheck(principal, Role.AGENT));

        clock.advance(Duration.ofMinutes(10));

        assertThat(status(Await.failure(auth.recheck(principal, Role.AGENT)))).isEqualTo(401);
    }

    @Test
    void reauthorizeFailsForDisabledAccount() {
        StaffPrincipal principal = principal();
        Await.result(auth.accounts().update(StaffPrincipal.system("test"), agent.id(),
                new StaffAccounts.UserChanges(Optional.empty(), Optional.empty(), Optional.of(false)), null));

        assertThat(status(Await.failure(auth.reauthorize(principal, Role.AGENT)))).isEqualTo(401);
    }

    @Test
    void reauthorizeFollowsRoleChange() {
        StaffPrincipal principal = principal();
        assertThat(status(Await.failure(auth.reauthorize(principal, Role.SUPERVISOR)))).isEqualTo(403);

        Await.result(auth.accounts().update(StaffPrincipal.system("test"), agent.id(),
                new StaffAccounts.UserChanges(Optional.empty(), Optional.of(Role.SUPERVISOR), Optional.empty()), null));

        assertThat(Await.result(auth.reauthorize(principal, Role.SUPERVISOR)).role()).isEqualTo(Role.SUPERVISOR);
    }

    @Test
    void serviceTokenPrincipalHoldsEveryRole() {
        assertThat(Await.result(auth.reauthorize(StaffPrincipal.service(), Role.ADMINISTRATOR)).actor())
                .isEqualTo("service-token");
    }
}
