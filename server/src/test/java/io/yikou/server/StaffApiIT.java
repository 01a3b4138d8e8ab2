package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff logins, roles, CSRF and the audit log through a whole node over HTTP. The case system is a
 * WireMock stub that rejects every ticket, so tickets end up as routing failures to retry.
 */
class StaffApiIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String ADMIN = "chief";
    private static final String ADMIN_PASSWORD = "bootstrap-pass-77";
    private static final String PASSWORD = "desk-password-1";

    private static WireMockServer caseSystem;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        caseSystem.start();
        caseSystem.stubFor(post(urlPathEqualTo("/open311/v2/requests.json")).willReturn(aResponse().withStatus(400)
                .withBody("[{\"code\":400,\"description\":\"service not enabled\"}]")));
        server = TestServer.start(REDIS.url(), "", Map.of(
                "YIKOU_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "YIKOU_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "YIKOU_TRUSTED_PROXIES", "127.0.0.1",
                "YIKOU_CASE_SYSTEM_TYPE", "open311",
                "YIKOU_CASE_SYSTEM_URL", caseSystem.baseUrl() + "/open311/v2"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        caseSystem.stop();
    }

    private static String newAgent(String name, String role) throws Exception {
        return server.createUser(name, "测试" + name, role, PASSWORD);
    }

    /** Files a report through the web form and waits until the case system has rejected it. */
    private static JsonObject failedTicket() throws Exception {
        JsonObject report = new JsonObject().put("type", "complaint").put("category", "E0201")
                .put("description", "东四北大街路口的井盖松动。").put("address", "东城区东四北大街")
                .put("phone", "13800000000").put("name", "张三").put("consent", true);
        HttpResponse<String> created = server.send(server.request("/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report.encode())).build());
        assertThat(created.statusCode()).isEqualTo(201);
        String number = new JsonObject(created.body()).getString("number");
        await().atMost(Duration.ofSeconds(30)).until(() -> "routing_failed".equals(
                server.ticket(number).getString("status")));
        return server.ticket(number);
    }

    private static JsonArray audit(String query) throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/v1/admin/audit?" + query)
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("entries");
    }

    private static String errorCode(HttpResponse<String> response) {
        return new JsonObject(response.body()).getJsonObject("error").getString("code");
    }

    @Test
    void bootstrapAdministratorCanLogIn() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);

        JsonObject user = admin.loginResponse().getJsonObject("user");
        assertThat(user.getString("role")).isEqualTo("administrator");
        assertThat(admin.csrfToken()).hasSizeGreaterThan(30);
    }

    @Test
    void sessionCookieIsHttpOnlyAndStrict() throws Exception {
        newAgent("cookie.agent", "agent");

        HttpResponse<String> response = StaffClient.anonymous(server).attemptLogin("cookie.agent", PASSWORD);

        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("yikou_session=");
        assertThat(cookie).containsIgnoringCase("HttpOnly");
        assertThat(cookie).contains("SameSite=Strict");
        assertThat(cookie).doesNotContainIgnoringCase("Secure");
        assertThat(cookie).contains("Path=/");
    }

    @Test
    void cookieIsSecureBehindTlsProxy() throws Exception {
        newAgent("tls.agent", "agent");
        JsonObject body = new JsonObject().put("username", "tls.agent").put("password", PASSWORD);

        HttpResponse<String> response = server.send(server.request("/api/v1/session")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("Secure");
        JsonObject login = audit("action=session.login&actor=tls.agent").getJsonObject(0);
        assertThat(login.getString("address")).isEqualTo("203.0.113.9");
    }

    @Test
    void wrongPasswordAndUnknownNameLookAlike() throws Exception {
        newAgent("known.agent", "agent");

        HttpResponse<String> wrong = StaffClient.anonymous(server).attemptLogin("known.agent", "not-the-password");
        HttpResponse<String> unknown = StaffClient.anonymous(server).attemptLogin("nobody.here", "not-the-password");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void repeatedFailuresThrottleLogin() throws Exception {
        newAgent("guessed.agent", "agent");
        StaffClient attacker = StaffClient.anonymous(server);
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.attemptLogin("guessed.agent", "guess-" + i).statusCode()).as("guess %d", i)
                    .isEqualTo(401);
        }

        HttpResponse<String> refused = attacker.attemptLogin("guessed.agent", PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(errorCode(refused)).isEqualTo("login_throttled");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 900L));
        assertThat(audit("action=session.login-failed&actor=guessed.agent")).hasSize(5);
    }

    @Test
    void passwordResetLiftsThrottle() throws Exception {
        String id = newAgent("locked.agent", "agent");
        StaffClient attacker = StaffClient.anonymous(server);
        for (int i = 0; i < 5; i++) {
            attacker.attemptLogin("locked.agent", "guess-" + i);
        }
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> reset = admin.put("/api/v1/admin/users/" + id + "/password",
                new JsonObject().put("password", "fresh-password-2"));

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(StaffClient.anonymous(server).attemptLogin("locked.agent", "fresh-password-2").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anonymousCallerGets401() throws Exception {
        StaffClient nobody = StaffClient.anonymous(server);

        assertThat(nobody.get("/api/v1/tickets").statusCode()).isEqualTo(401);
        assertThat(nobody.get("/api/v1/session").statusCode()).isEqualTo(401);
        assertThat(nobody.get("/api/v1/admin/users").statusCode()).isEqualTo(401);
        assertThat(nobody.get("/api/v1/routing-failures").statusCode()).isEqualTo(401);
    }

    @Test
    void agentCannotUseSupervisorOrAdminApis() throws Exception {
        newAgent("plain.agent", "agent");
        StaffClient agent = server.login("plain.agent", PASSWORD);

        assertThat(agent.get("/api/v1/tickets").statusCode()).isEqualTo(200);
        assertThat(agent.get("/api/v1/routing-failures").statusCode()).isEqualTo(403);
        assertThat(agent.post("/api/v1/routing-failures/96010-20260101-000001/retry", new JsonObject())
                .statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/v1/admin/users").statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/v1/admin/audit").statusCode()).isEqualTo(403);
        HttpResponse<String> create = agent.post("/api/v1/admin/users", new JsonObject().put("username", "sneaky")
                .put("displayName", "x").put("role", "administrator").put("password", "sneaky-password"));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(errorCode(create)).isEqualTo("forbidden");
    }

    @Test
    void supervisorSeesRoutingFailures() throws Exception {
        newAgent("team.lead", "supervisor");
        StaffClient supervisor = server.login("team.lead", PASSWORD);

        assertThat(supervisor.get("/api/v1/routing-failures").statusCode()).isEqualTo(200);
        assertThat(supervisor.get("/api/v1/admin/users").statusCode()).isEqualTo(403);
    }

    @Test
    void unsafeRequestWithoutCsrfTokenIsRefused() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);
        JsonObject body = new JsonObject().put("username", "csrf.victim").put("displayName", "x").put("role", "agent")
                .put("password", PASSWORD);

        HttpResponse<String> withoutToken = admin.send("POST", "/api/v1/admin/users", body, false);

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(errorCode(withoutToken)).isEqualTo("csrf_token_invalid");
        assertThat(admin.get("/api/v1/admin/users").body()).doesNotContain("csrf.victim");
    }

    @Test
    void wrongCsrfTokenIsRefused() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);
        StaffClient other = server.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> response = server.send(server.request("/api/v1/session")
                .header("Cookie", "yikou_session=" + admin.sessionCookie().orElseThrow().getValue())
                .header("X-CSRF-Token", other.csrfToken())
                .DELETE().build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(admin.get("/api/v1/session").statusCode()).isEqualTo(200);
    }

    @Test
    void bearerRequestsNeedNoCsrfToken() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/v1/admin/users")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "via.token")
                        .put("displayName", "x").put("role", "agent").put("password", PASSWORD).encode())).build());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void wrongBearerTokenBeatsValidCookie() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> response = server.send(server.request("/api/v1/admin/users")
                .header("Cookie", "yikou_session=" + admin.sessionCookie().orElseThrow().getValue())
                .header("Authorization", "Bearer wrong-token-0123456789").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"yikou\"");
    }

    @Test
    void logoutEndsSession() throws Exception {
        newAgent("leaving.agent", "agent");
        StaffClient agent = server.login("leaving.agent", PASSWORD);

        HttpResponse<String> logout = agent.delete("/api/v1/session");

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(agent.get("/api/v1/session").statusCode()).isEqualTo(401);
    }

    @Test
    void disablingUserEndsItsSessions() throws Exception {
        String id = newAgent("fired.agent", "agent");
        StaffClient agent = server.login("fired.agent", PASSWORD);
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> disable = admin.patch("/api/v1/admin/users/" + id, new JsonObject().put("enabled", false));

        assertThat(disable.statusCode()).isEqualTo(200);
        assertThat(agent.get("/api/v1/tickets").statusCode()).isEqualTo(401);
        assertThat(StaffClient.anonymous(server).attemptLogin("fired.agent", PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void roleChangeAppliesToNextRequest() throws Exception {
        String id = newAgent("promoted.agent", "agent");
        StaffClient agent = server.login("promoted.agent", PASSWORD);
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);
        assertThat(agent.get("/api/v1/routing-failures").statusCode()).isEqualTo(403);

        admin.patch("/api/v1/admin/users/" + id, new JsonObject().put("role", "supervisor"));

        assertThat(agent.get("/api/v1/routing-failures").statusCode()).isEqualTo(200);
        assertThat(audit("action=user.update&actor=" + ADMIN).getJsonObject(0).getString("detail"))
                .contains("role=agent->supervisor");
    }

    @Test
    void administratorCannotLockOwnAccount() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);
        String ownId = admin.loginResponse().getJsonObject("user").getString("id");

        HttpResponse<String> response = admin.patch("/api/v1/admin/users/" + ownId,
                new JsonObject().put("enabled", false));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(errorCode(response)).isEqualTo("own_account_locked");
    }

    @Test
    void invalidAccountFieldsAreListed() throws Exception {
        StaffClient admin = server.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> response = admin.post("/api/v1/admin/users", new JsonObject().put("username", "王丽")
                .put("displayName", "").put("role", "boss").put("password", "short"));

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> fields = new JsonObject(response.body()).getJsonObject("error").getJsonArray("fields").stream()
                .map(field -> ((JsonObject) field).getString("field")).toList();
        assertThat(fields).containsExactlyInAnyOrder("username", "displayName", "role", "password");
    }

    @Test
    void takenUsernameIsConflict() throws Exception {
        newAgent("twin.agent", "agent");

        HttpResponse<String> response = server.send(server.request("/api/v1/admin/users")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "Twin.Agent")
                        .put("displayName", "x").put("role", "agent").put("password", PASSWORD).encode())).build());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(errorCode(response)).isEqualTo("username_taken");
    }

    @Test
    void ownPasswordChangeNeedsCurrentPassword() throws Exception {
        newAgent("careful.agent", "agent");
        StaffClient agent = server.login("careful.agent", PASSWORD);

        HttpResponse<String> wrong = agent.put("/api/v1/session/password", new JsonObject()
                .put("currentPassword", "not-it-at-all").put("newPassword", "brand-new-pass-3"));
        HttpResponse<String> right = agent.put("/api/v1/session/password", new JsonObject()
                .put("currentPassword", PASSWORD).put("newPassword", "brand-new-pass-3"));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(right.statusCode()).isEqualTo(204);
        assertThat(agent.get("/api/v1/session").statusCode()).isEqualTo(200);
        assertThat(StaffClient.anonymous(server).attemptLogin("careful.agent", "brand-new-pass-3").statusCode())
                .isEqualTo(200);
    }

    @Test
    void ticketReadIsAudited() throws Exception {
        JsonObject ticket = failedTicket();
        String number = ticket.getString("number");
        String agentId = newAgent("reading.agent", "agent");
        StaffClient agent = server.login("reading.agent", PASSWORD);

        HttpResponse<String> read = agent.get("/api/v1/tickets/" + number);

        assertThat(read.statusCode()).isEqualTo(200);
        JsonObject entry = audit("action=ticket.read&ticket=" + number).getJsonObject(0);
        assertThat(entry.getString("actorId")).isEqualTo(agentId);
        assertThat(entry.getString("actorName")).isEqualTo("reading.agent");
        assertThat(entry.getString("actorRole")).isEqualTo("agent");
        assertThat(entry.getString("citizen")).isEqualTo(ticket.getString("citizenId")).isNotNull();
    }

    @Test
    void routingRetryIsAudited() throws Exception {
        String number = failedTicket().getString("number");
        newAgent("retry.lead", "supervisor");
        StaffClient supervisor = server.login("retry.lead", PASSWORD);

        HttpResponse<String> retry = supervisor.post("/api/v1/routing-failures/" + number + "/retry", new JsonObject());

        assertThat(retry.statusCode()).isEqualTo(202);
        JsonObject entry = audit("action=ticket.routing-retry&ticket=" + number).getJsonObject(0);
        assertThat(entry.getString("actorName")).isEqualTo("retry.lead");
        assertThat(entry.getString("actorRole")).isEqualTo("supervisor");
        JsonArray events = server.ticket(number).getJsonArray("events");
        assertThat(events.encode()).contains("staff:user:");
    }

    @Test
    void citizenHistorySearchIsAudited() throws Exception {
        newAgent("history.agent", "agent");
        StaffClient agent = server.login("history.agent", PASSWORD);

        HttpResponse<String> response = agent.get("/api/v1/kb/history/tickets?phone=13800000000");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject entry = audit("action=citizen.history-read&actor=history.agent").getJsonObject(0);
        assertThat(entry.getString("detail")).isEqualTo("phone 138****0000");
        assertThat(entry.getString("actorRole")).isEqualTo("agent");
    }

    @Test
    void auditLogIsForAdministratorsOnly() throws Exception {
        newAgent("nosy.lead", "supervisor");
        StaffClient supervisor = server.login("nosy.lead", PASSWORD);

        assertThat(supervisor.get("/api/v1/admin/audit").statusCode()).isEqualTo(403);
        assertThat(server.login(ADMIN, ADMIN_PASSWORD).get("/api/v1/admin/audit").statusCode()).isEqualTo(200);
    }

    @Test
    void agentFilesTicketForCall() throws Exception {
        String agentId = newAgent("filing.agent", "agent");
        StaffClient agent = server.login("filing.agent", PASSWORD);
        JsonObject body = new JsonObject().put("type", "help").put("category", "E0201")
                .put("description", "来电反映楼道小广告很多。").put("address", "示范北东社区7号楼")
                .put("point", new JsonObject().put("lat", 39.93).put("lon", 116.40))
                .put("reporter", new JsonObject().put("name", "王女士").put("phone", "13900002222"))
                .put("channel", "voice");

        HttpResponse<String> created = agent.send("POST", "/api/v1/tickets", body, true);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject ticket = new JsonObject(created.body());
        String number = ticket.getString("number");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/tickets/" + number);
        assertThat(ticket.getBoolean("created")).isTrue();
        assertThat(ticket.getJsonArray("channels")).containsExactly("voice");
        assertThat(ticket.getJsonObject("location").getJsonObject("grid").getString("gridName"))
                .isEqualTo("示范北西社区南网格");
        assertThat(ticket.getString("citizenId")).startsWith("P-");
        assertThat(ticket.getString("typeName")).isEqualTo("求助");
        JsonObject entry = audit("action=ticket.create&ticket=" + number).getJsonObject(0);
        assertThat(entry.getString("actorId")).isEqualTo(agentId);
        assertThat(entry.getString("citizen")).isEqualTo(ticket.getString("citizenId"));
        assertThat(entry.getString("detail")).isEqualTo("voice");
    }

    @Test
    void staffTicketRepeatReturnsFirst() throws Exception {
        newAgent("repeat.agent", "agent");
        StaffClient agent = server.login("repeat.agent", PASSWORD);
        JsonObject body = new JsonObject().put("type", "consultation").put("description", "咨询暖气开通时间。")
                .put("resolvedAtFirstContact", true);
        HttpRequest.Builder request = server.request("/api/v1/tickets")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Idempotency-Key", "desk-form-1");

        HttpResponse<String> first = server.send(request.POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build());
        HttpResponse<String> second = server.send(request.POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonObject ticket = new JsonObject(first.body());
        assertThat(new JsonObject(second.body()).getString("number")).isEqualTo(ticket.getString("number"));
        assertThat(ticket.getString("status")).isEqualTo("resolved_at_first_contact");
        assertThat(ticket.getJsonArray("channels")).containsExactly("staff");
        assertThat(agent.get("/api/v1/tickets/" + ticket.getString("number")).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidStaffTicketListsEveryField() throws Exception {
        newAgent("sloppy.agent", "agent");
        StaffClient agent = server.login("sloppy.agent", PASSWORD);
        JsonObject body = new JsonObject().put("type", "rant").put("channel", "wechat").put("category", "NOPE")
                .put("point", new JsonObject().put("lat", 139.9).put("lon", 116.4))
                .put("reporter", new JsonObject().put("phone", "12"));

        HttpResponse<String> response = agent.send("POST", "/api/v1/tickets", body, true);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonArray fields = new JsonObject(response.body()).getJsonObject("error").getJsonArray("fields");
        assertThat(fields.stream().map(f -> ((JsonObject) f).getString("field")).toList())
                .containsExactlyInAnyOrder("type", "channel", "location", "category", "description", "phone");
    }

    @Test
    void staffTicketNeedsSessionAndCsrf() throws Exception {
        newAgent("careless.agent", "agent");
        StaffClient agent = server.login("careless.agent", PASSWORD);
        JsonObject body = new JsonObject().put("type", "help").put("description", "没有令牌的请求");
        long before = server.ticketCount();

        HttpResponse<String> withoutToken = agent.send("POST", "/api/v1/tickets", body, false);
        HttpResponse<String> anonymous = StaffClient.anonymous(server).post("/api/v1/tickets", body);

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(errorCode(withoutToken)).isEqualTo("csrf_token_invalid");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void gridPreviewUsesPointOrAddress() throws Exception {
        newAgent("map.agent", "agent");
        StaffClient agent = server.login("map.agent", PASSWORD);

        JsonObject byPoint = new JsonObject(agent.get("/api/v1/grid/locate?lat=39.93&lon=116.40").body());
        JsonObject byAddress = new JsonObject(agent.get("/api/v1/grid/locate?address="
                + java.net.URLEncoder.encode("示范南东社区3号楼", java.nio.charset.StandardCharsets.UTF_8)).body());
        HttpResponse<String> neither = agent.get("/api/v1/grid/locate");

        assertThat(byPoint.getString("source")).isEqualTo("point");
        assertThat(byPoint.getJsonObject("grid").getString("gridCode")).isEqualTo("11010190100102");
        assertThat(byAddress.getString("source")).isEqualTo("address");
        assertThat(byAddress.getBoolean("resolved")).isTrue();
        assertThat(byAddress.getJsonObject("grid").getString("communityName")).isEqualTo("示范南东社区");
        assertThat(neither.statusCode()).isEqualTo(400);
    }
}
