package io.yikou.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditQuery;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffOptions;
import io.yikou.core.staff.StaffUser;
import io.yikou.testkit.Await;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/agent/calls/{linkedid}/screen-pop} over real HTTP with staff sessions. */
class ScreenPopRouteIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String PASSWORD = "pop-password-1";
    private static final String LINKEDID = "1796416215.30";

    private Vertx vertx;
    private RedisConnector redis;
    private SessionStaffAuth auth;
    private HttpServer server;
    private HttpClient client;
    private StaffUser agentOne;
    private StaffUser agentTwo;
    private StaffUser supervisor;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        redis.async().flushall().get();
        StaffOptions defaults = StaffOptions.defaults();
        StaffOptions staff = new StaffOptions(defaults.idleTimeout(), defaults.absoluteTimeout(), "Strict",
                defaults.trustedProxies(), 5, 50, defaults.failureWindow(), 10, 8 * 1024, 1, "admin",
                Optional.empty(), defaults.auditRetention());
        auth = SessionStaffAuth.create(vertx, redis, staff, Clock.systemUTC(), "service-token-0123456789abcdef");
        agentOne = user("pop.agent1", Role.AGENT);
        agentTwo = user("pop.agent2", Role.AGENT);
        supervisor = user("pop.super", Role.SUPERVISOR);
        Await.result(new ScreenPops(redis).save(LINKEDID, agentOne.id(), new JsonObject().put("linkedid", LINKEDID)
                .put("callerNumber", "13800138000").put("callerNumberMasked", "138****8000").put("citizenId", "P-1")));
        start(EnumSet.allOf(Role.class));
    }

    private void start(Set<Role> phoneNumberRoles) {
        Router router = Router.router(vertx);
        new ScreenPopRoute(new ScreenPops(redis), auth, auth.audit(), phoneNumberRoles, Clock.systemUTC()).mount(router);
        router.route().failureHandler(new ErrorResponder(Messages.core()));
        server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        Await.result(client.close());
        Await.result(server.close());
        redis.close();
        Await.result(vertx.close());
    }

    private StaffUser user(String name, Role role) {
        return Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser(name, name, role, PASSWORD), null));
    }

    private record Answer(int status, JsonObject body) {
    }

    private Answer get(StaffUser user, String linkedid) {
        String token = Await.result(auth.logins().login(user.username(), PASSWORD, "127.0.0.1", Optional.empty())).token();
        return Await.result(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1",
                        "/api/v1/agent/calls/" + linkedid + "/screen-pop")
                .compose(request -> request.putHeader("Cookie", SessionStaffAuth.COOKIE + "=" + token).send())
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
                        body.length() == 0 ? new JsonObject() : body.toJsonObject()))));
    }

    @Test
    void agentTheCallRangForReadsPop() {
        Answer answer = get(agentOne, LINKEDID);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().getString("callerNumber")).isEqualTo("13800138000");
    }

    @Test
    void otherAgentGetsNotFound() {
        Answer answer = get(agentTwo, LINKEDID);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().getJsonObject("error").getString("code")).isEqualTo("call_not_found");
    }

    @Test
    void supervisorReadsAnyPop() {
        assertThat(get(supervisor, LINKEDID).status()).isEqualTo(200);
    }

    @Test
    void unknownCallIsNotFound() {
        assertThat(get(agentOne, "1796416215.99").status()).isEqualTo(404);
    }

    @Test
    void readIsAuditedWithMaskedNumber() {
        get(agentOne, LINKEDID);

        List<AuditEntry> entries = Await.result(auth.audit().query(
                new AuditQuery(AuditActions.CITIZEN_HISTORY_READ, null, null, null, null, 10))).entries();

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.actorId()).isEqualTo(agentOne.id());
            assertThat(entry.citizen()).isEqualTo("P-1");
            assertThat(entry.detail()).contains("138****8000").doesNotContain("13800138000");
        });
    }

    @Test
    void roleWithoutNumberGetsMaskedOnly() {
        Await.result(server.close());
        Await.result(client.close());
        start(EnumSet.of(Role.SUPERVISOR, Role.ADMINISTRATOR));

        JsonObject body = get(agentOne, LINKEDID).body();

        assertThat(body.getString("callerNumber")).isNull();
        assertThat(body.getString("callerNumberMasked")).isEqualTo("138****8000");
    }
}
