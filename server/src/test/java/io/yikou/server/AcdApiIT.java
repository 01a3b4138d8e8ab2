package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agent state, chat offers, queues and agent profiles over HTTP on a whole node, with staff logged
 * in by session and CSRF token. Conversations come from signed WeChat callbacks.
 */
class AcdApiIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String ADMIN = "chief";
    private static final String ADMIN_PASSWORD = "bootstrap-pass-77";
    private static final String PASSWORD = "desk-password-1";
    private static final String WECHAT_TOKEN = "acdtest";
    private static final String APP_ID = "wx2c2769f8efd9abc2";

    private static WechatStub wechat;
    private static TestServer server;
    private static StaffClient admin;

    @BeforeAll
    static void start() throws Exception {
        wechat = WechatStub.start(WECHAT_TOKEN, APP_ID, 24_000_000_000_100_000L);
        server = TestServer.start(REDIS.url(), """
                %s
                agent:
                  chat-capacity: 2
                  not-ready-reasons:
                    - {code: lunch, zh: 午餐, en: Lunch}
                    - {code: outbound, zh: 外呼回访, en: Outbound call}
                """.formatted(wechat.configuration()), Map.of(
                "YIKOU_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "YIKOU_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "YIKOU_TRUSTED_PROXIES", "127.0.0.1"));
        admin = server.login(ADMIN, ADMIN_PASSWORD);
        HttpResponse<String> queue = admin.post("/api/v1/admin/queues", new JsonObject().put("id", "wechat-general")
                .put("name", "微信综合").put("order", 10)
                .put("match", new JsonObject().put("channels", new JsonArray().add("wechat")))
                .put("requiredSkills", new JsonArray().add("channel:wechat")));
        assertThat(queue.statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (wechat != null) {
            wechat.close();
        }
    }

    private static StaffClient agent(String name, String role, String... skills) throws Exception {
        String id = server.createUser(name, "测试" + name, role, PASSWORD);
        HttpResponse<String> profile = admin.put("/api/v1/admin/agents/" + id, new JsonObject()
                .put("skills", new JsonArray(java.util.List.of(skills))).put("version", 0));
        assertThat(profile.statusCode()).isEqualTo(200);
        return server.login(name, PASSWORD);
    }

    private static String userId(StaffClient client) {
        return client.loginResponse().getJsonObject("user").getString("id");
    }

    private static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    private static String errorCode(HttpResponse<String> response) {
        return json(response).getJsonObject("error").getString("code");
    }

    private static HttpResponse<String> withToken(String method, String path, String language) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Accept-Language", language).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Sends a signed, encrypted WeChat text message as the platform would. */
    private static void citizenWrites(String openId, String text) throws Exception {
        HttpResponse<String> callback = wechat.sendText(server, openId, text);
        assertThat(callback.statusCode()).isEqualTo(200);
    }

    private static JsonArray offers(StaffClient client) throws Exception {
        return json(client.get("/api/v1/agent/offers")).getJsonArray("offers");
    }

    private static JsonArray audit(String action) throws Exception {
        HttpResponse<String> response = withToken("GET", "/api/v1/admin/audit?action=" + action, "zh-CN");
        return json(response).getJsonArray("entries");
    }

    @Test
    void agentSetsOwnPresence() throws Exception {
        StaffClient agent = agent("presence.agent", "agent", "channel:wechat");

        JsonObject initial = json(agent.get("/api/v1/agent/state"));
        HttpResponse<String> ready = agent.put("/api/v1/agent/state", new JsonObject().put("presence", "ready"));
        HttpResponse<String> noReason = agent.put("/api/v1/agent/state", new JsonObject().put("presence", "not_ready"));
        HttpResponse<String> badReason = agent.put("/api/v1/agent/state", new JsonObject().put("presence", "not_ready")
                .put("reason", "nap"));
        HttpResponse<String> badPresence = agent.put("/api/v1/agent/state", new JsonObject().put("presence", 5));
        HttpResponse<String> lunch = agent.put("/api/v1/agent/state", new JsonObject().put("presence", "not_ready")
                .put("reason", "lunch"));

        assertThat(initial.getString("state")).isEqualTo("logged_out");
        assertThat(initial.getString("displayName")).isEqualTo("测试presence.agent");
        assertThat(initial.getJsonObject("chats").getInteger("capacity")).isEqualTo(2);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).getString("state")).isEqualTo("ready");
        assertThat(json(ready).getJsonArray("queues")).containsExactly("wechat-general");
        assertThat(json(ready).getValue("voice")).isNull();
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(errorCode(noReason)).isEqualTo("reason_required");
        assertThat(errorCode(badReason)).isEqualTo("invalid_reason");
        assertThat(errorCode(badPresence)).isEqualTo("invalid_presence");
        assertThat(json(lunch).getString("state")).isEqualTo("not_ready");
        assertThat(json(lunch).getString("reason")).isEqualTo("lunch");
    }

    @Test
    void reasonsComeInTheCallersLanguage() throws Exception {
        JsonArray chinese = json(withToken("GET", "/api/v1/agent/reasons", "zh-CN")).getJsonArray("reasons");
        JsonArray english = json(withToken("GET", "/api/v1/agent/reasons", "en")).getJsonArray("reasons");

        assertThat(chinese.getJsonObject(1).getString("code")).isEqualTo("outbound");
        assertThat(chinese.getJsonObject(1).getString("label")).isEqualTo("外呼回访");
        assertThat(english.getJsonObject(1).getString("label")).isEqualTo("Outbound call");
    }

    @Test
    void serviceTokenHasNoAgentState() throws Exception {
        HttpResponse<String> response = withToken("GET", "/api/v1/agent/state", "en");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(errorCode(response)).isEqualTo("agent_not_found");
    }

    @Test
    void rolesAndCsrfAreEnforced() throws Exception {
        StaffClient agent = agent("access.agent", "agent");
        StaffClient supervisor = agent("access.supervisor", "supervisor");

        assertThat(agent.get("/api/v1/agents").statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/v1/acd/failures").statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/v1/admin/queues").statusCode()).isEqualTo(403);
        assertThat(supervisor.get("/api/v1/admin/agents").statusCode()).isEqualTo(403);
        assertThat(supervisor.get("/api/v1/agents").statusCode()).isEqualTo(200);
        assertThat(StaffClient.anonymous(server).get("/api/v1/agent/state").statusCode()).isEqualTo(401);
        HttpResponse<String> noCsrf = agent.send("PUT", "/api/v1/agent/state",
                new JsonObject().put("presence", "ready"), false);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(json(agent.get("/api/v1/agent/state")).getString("state")).isEqualTo("logged_out");
    }

    @Test
    void supervisorChangesAnAgentsStateWithAudit() throws Exception {
        StaffClient agent = agent("controlled.agent", "agent", "channel:wechat");
        StaffClient supervisor = agent("control.supervisor", "supervisor");
        String agentId = userId(agent);

        HttpResponse<String> changed = supervisor.put("/api/v1/agents/" + agentId + "/state",
                new JsonObject().put("presence", "not_ready").put("reason", "outbound"));
        HttpResponse<String> unknown = supervisor.put("/api/v1/agents/u-000000000000/state",
                new JsonObject().put("presence", "ready"));
        JsonArray agents = json(supervisor.get("/api/v1/agents")).getJsonArray("agents");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).getString("reason")).isEqualTo("outbound");
        assertThat(json(agent.get("/api/v1/agent/state")).getString("state")).isEqualTo("not_ready");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(errorCode(unknown)).isEqualTo("agent_not_found");
        assertThat(agents).anyMatch(a -> agentId.equals(((JsonObject) a).getString("userId"))
                && "not_ready".equals(((JsonObject) a).getString("state")));
        JsonArray entries = audit("agent.state-change");
        assertThat(entries).anyMatch(e -> agentId.equals(((JsonObject) e).getString("targetUser"))
                && "control.supervisor".equals(((JsonObject) e).getString("actorName")));
    }

    @Test
    void queueAdministration() throws Exception {
        JsonObject queue = new JsonObject().put("id", "weibo-general").put("name", "微博综合").put("order", 20)
                .put("match", new JsonObject().put("channels", new JsonArray().add("weibo")))
                .put("overflow", new JsonObject().put("afterSeconds", 120).put("toQueue", "wechat-general"))
                .put("voiceQueues", new JsonArray().add("96010-general"));

        HttpResponse<String> created = admin.post("/api/v1/admin/queues", queue);
        HttpResponse<String> again = admin.post("/api/v1/admin/queues", queue);
        HttpResponse<String> invalid = admin.post("/api/v1/admin/queues", queue.copy().put("id", "Bad Id")
                .put("overflow", new JsonObject().put("afterSeconds", 120).put("toQueue", "nowhere")));
        HttpResponse<String> stale = admin.put("/api/v1/admin/queues/weibo-general", queue.copy().put("version", 7));
        HttpResponse<String> updated = admin.put("/api/v1/admin/queues/weibo-general",
                queue.copy().put("name", "微博").put("version", 1));
        HttpResponse<String> inUse = admin.delete("/api/v1/admin/queues/wechat-general");
        HttpResponse<String> deleted = admin.delete("/api/v1/admin/queues/weibo-general");
        HttpResponse<String> gone = admin.get("/api/v1/admin/queues/weibo-general");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/admin/queues/weibo-general");
        assertThat(json(created).getLong("version")).isEqualTo(1L);
        assertThat(json(created).getJsonArray("voiceQueues")).containsExactly("96010-general");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(errorCode(again)).isEqualTo("queue_exists");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).getJsonObject("error").getJsonArray("fields"))
                .anyMatch(f -> "invalid_id".equals(((JsonObject) f).getString("code")));
        assertThat(errorCode(stale)).isEqualTo("version_conflict");
        assertThat(json(updated).getString("name")).isEqualTo("微博");
        assertThat(json(updated).getLong("version")).isEqualTo(2L);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(errorCode(inUse)).isEqualTo("queue_in_use");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo("queue_not_found");
        assertThat(audit("queue.create")).anyMatch(e -> ((JsonObject) e).getString("detail").contains("weibo-general"));
        assertThat(audit("queue.delete")).isNotEmpty();
    }

    @Test
    void agentProfileAdministration() throws Exception {
        String first = server.createUser("profile.one", "测试一", "agent", PASSWORD);
        String second = server.createUser("profile.two", "测试二", "agent", PASSWORD);

        HttpResponse<String> fresh = admin.get("/api/v1/admin/agents/" + first);
        HttpResponse<String> saved = admin.put("/api/v1/admin/agents/" + first, new JsonObject()
                .put("skills", new JsonArray().add("channel:wechat").add("lang:zh")).put("chatCapacity", 4)
                .put("memberInterface", "PJSIP/1001").put("voiceQueues", new JsonArray().add("96010-general"))
                .put("version", 0));
        HttpResponse<String> taken = admin.put("/api/v1/admin/agents/" + second, new JsonObject()
                .put("memberInterface", "PJSIP/1001").put("version", 0));
        HttpResponse<String> stale = admin.put("/api/v1/admin/agents/" + first, new JsonObject().put("version", 0));
        HttpResponse<String> invalid = admin.put("/api/v1/admin/agents/" + first, new JsonObject()
                .put("chatCapacity", 21).put("memberInterface", "no interface").put("version", 1));
        HttpResponse<String> nobody = admin.get("/api/v1/admin/agents/u-000000000000");

        assertThat(json(fresh).getLong("version")).isZero();
        assertThat(json(fresh).getValue("chatCapacity")).isNull();
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(json(saved).getJsonArray("queues")).containsExactly("wechat-general");
        assertThat(json(saved).getLong("version")).isEqualTo(1L);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(errorCode(taken)).isEqualTo("interface_in_use");
        assertThat(errorCode(stale)).isEqualTo("version_conflict");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).getJsonObject("error").getJsonArray("fields")).hasSize(2);
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(errorCode(nobody)).isEqualTo("user_not_found");
        assertThat(json(admin.get("/api/v1/admin/agents")).getJsonArray("agents"))
                .anyMatch(a -> first.equals(((JsonObject) a).getString("userId")));
        assertThat(audit("agent.profile-update")).anyMatch(e -> first.equals(((JsonObject) e).getString("targetUser")));
    }

    @Test
    void memberInterfaceIsUniqueIgnoringCase() throws Exception {
        String first = server.createUser("case.one", "测试甲", "agent", PASSWORD);
        String second = server.createUser("case.two", "测试乙", "agent", PASSWORD);

        HttpResponse<String> saved = admin.put("/api/v1/admin/agents/" + first, new JsonObject()
                .put("memberInterface", "PJSIP/2001").put("version", 0));
        HttpResponse<String> lowerCase = admin.put("/api/v1/admin/agents/" + second, new JsonObject()
                .put("memberInterface", "pjsip/2001").put("version", 0));
        HttpResponse<String> recased = admin.put("/api/v1/admin/agents/" + first, new JsonObject()
                .put("memberInterface", "pjsip/2001").put("version", 1));
        HttpResponse<String> upperCase = admin.put("/api/v1/admin/agents/" + second, new JsonObject()
                .put("memberInterface", "PJSIP/2001").put("version", 0));

        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(lowerCase.statusCode()).isEqualTo(409);
        assertThat(errorCode(lowerCase)).isEqualTo("interface_in_use");
        assertThat(recased.statusCode()).isEqualTo(200);
        assertThat(upperCase.statusCode()).isEqualTo(409);
        assertThat(errorCode(upperCase)).isEqualTo("interface_in_use");
        assertThat(json(admin.get("/api/v1/admin/agents/" + second)).getValue("memberInterface")).isNull();
    }

    @Test
    void queueBodyWithWrongTypesIsRejected() throws Exception {
        JsonObject queue = new JsonObject().put("id", "typed").put("name", "类型").put("order", 30);

        HttpResponse<String> matchText = admin.post("/api/v1/admin/queues", queue.copy().put("match", "all"));
        HttpResponse<String> alertsNumber = admin.post("/api/v1/admin/queues", queue.copy().put("alerts", 5));
        HttpResponse<String> nested = admin.post("/api/v1/admin/queues", queue.copy()
                .put("overflow", new JsonObject().put("afterSeconds", -1).put("toQueue", "wechat-general"))
                .put("alerts", new JsonObject().put("maxWaiting", -1)));
        HttpResponse<String> longName = admin.post("/api/v1/admin/queues", queue.copy().put("name", "长".repeat(81)));
        HttpResponse<String> stored = admin.get("/api/v1/admin/queues/typed");

        assertThat(matchText.statusCode()).isEqualTo(400);
        assertThat(fieldCodes(matchText)).containsExactly("match:invalid_value");
        assertThat(alertsNumber.statusCode()).isEqualTo(400);
        assertThat(fieldCodes(alertsNumber)).containsExactly("alerts:invalid_value");
        assertThat(fieldCodes(nested))
                .containsExactlyInAnyOrder("overflow.afterSeconds:invalid_value", "alerts.maxWaiting:invalid_value");
        assertThat(fieldCodes(longName)).containsExactly("name:invalid_value");
        assertThat(stored.statusCode()).isEqualTo(404);
    }

    @Test
    void jsonBodyOverLimitIsRejected() throws Exception {
        JsonObject queue = new JsonObject().put("id", "oversized").put("name", "大")
                .put("requiredSkills", new JsonArray().add("x".repeat(1024 * 1024)));

        HttpResponse<String> tooLarge = admin.post("/api/v1/admin/queues", queue);
        HttpResponse<String> stored = admin.get("/api/v1/admin/queues/oversized");

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(errorCode(tooLarge)).isEqualTo("body_too_large");
        assertThat(stored.statusCode()).isEqualTo(404);
    }

    private static java.util.List<String> fieldCodes(HttpResponse<String> response) {
        return json(response).getJsonObject("error").getJsonArray("fields").stream()
                .map(f -> ((JsonObject) f).getString("field") + ":" + ((JsonObject) f).getString("code"))
                .toList();
    }

    @Test
    void wechatConversationIsOfferedAcceptedAndTransferred() throws Exception {
        StaffClient first = agent("chat.first", "agent", "channel:wechat");
        StaffClient second = agent("chat.second", "agent", "transfer-team");
        StaffClient supervisor = agent("chat.supervisor", "supervisor");
        assertThat(first.put("/api/v1/agent/state", new JsonObject().put("presence", "ready")).statusCode())
                .isEqualTo(200);
        assertThat(second.put("/api/v1/agent/state", new JsonObject().put("presence", "ready")).statusCode())
                .isEqualTo(200);

        citizenWrites("oACD_citizen_1", "东四北大街的井盖松动了");

        await().atMost(Duration.ofSeconds(15)).until(() -> offers(first).size() == 1);
        JsonObject offer = offers(first).getJsonObject(0);
        String id = offer.getString("conversationId");
        assertThat(offer.getString("queue")).isEqualTo("wechat-general");
        assertThat(offer.getString("channel")).isEqualTo("wechat");
        assertThat(offer.getString("preview")).isEqualTo("东四北大街的井盖松动了");
        assertThat(json(first.get("/api/v1/agent/state")).getString("state")).isEqualTo("ringing");
        HttpResponse<String> notMine = second.post("/api/v1/agent/offers/" + id + "/accept", new JsonObject());
        assertThat(notMine.statusCode()).isEqualTo(409);
        assertThat(errorCode(notMine)).isEqualTo("offer_expired");

        HttpResponse<String> accepted = first.post("/api/v1/agent/offers/" + id + "/accept", new JsonObject());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(json(accepted).getString("agentId")).isEqualTo(userId(first));
        assertThat(json(first.get("/api/v1/agent/conversations")).getJsonArray("conversations")).hasSize(1);
        HttpResponse<String> logout = first.put("/api/v1/agent/state", new JsonObject().put("presence", "logged_out"));
        assertThat(logout.statusCode()).isEqualTo(409);
        assertThat(errorCode(logout)).isEqualTo("conversations_assigned");

        HttpResponse<String> stolen = second.post("/api/v1/acd/conversations/" + id + "/transfer",
                new JsonObject().put("toAgent", userId(second)));
        assertThat(stolen.statusCode()).isEqualTo(403);
        assertThat(errorCode(stolen)).isEqualTo("not_assigned_to_you");
        HttpResponse<String> both = first.post("/api/v1/acd/conversations/" + id + "/transfer",
                new JsonObject().put("toAgent", userId(second)).put("toQueue", "wechat-general"));
        assertThat(errorCode(both)).isEqualTo("invalid_transfer");

        HttpResponse<String> transferred = first.post("/api/v1/acd/conversations/" + id + "/transfer",
                new JsonObject().put("toAgent", userId(second)).put("note", "需要网格员跟进"));
        assertThat(transferred.statusCode()).isEqualTo(200);
        assertThat(json(transferred).getString("status")).isEqualTo("offered");
        assertThat(json(transferred).getString("agentId")).isEqualTo(userId(second));
        JsonObject transferOffer = offers(second).getJsonObject(0);
        assertThat(transferOffer.getString("transferredBy")).isEqualTo(userId(first));
        assertThat(transferOffer.getJsonArray("reasons")).contains("transfer");
        assertThat(second.post("/api/v1/agent/offers/" + id + "/accept", new JsonObject()).statusCode())
                .isEqualTo(200);
        assertThat(audit("conversation.transfer")).anyMatch(e -> ((JsonObject) e).getString("detail").contains(id));

        HttpResponse<String> toQueue = supervisor.post("/api/v1/acd/conversations/" + id + "/transfer",
                new JsonObject().put("toQueue", "wechat-general"));
        assertThat(toQueue.statusCode()).isEqualTo(200);
        assertThat(json(toQueue).getString("agentId")).isEqualTo(userId(first));
        assertThat(json(second.get("/api/v1/agent/conversations")).getJsonArray("conversations")).isEmpty();
    }

    @Test
    void conversationNoQueueTakesIsListedForRetry() throws Exception {
        StaffClient supervisor = agent("failure.supervisor", "supervisor");
        HttpResponse<String> paused = admin.put("/api/v1/admin/queues/wechat-general", json(admin
                .get("/api/v1/admin/queues/wechat-general")).put("match", new JsonObject()
                .put("channels", new JsonArray().add("wechat")).put("elderly", true)));
        assertThat(paused.statusCode()).isEqualTo(200);
        // The retried conversation waits where no agent of the other tests would be offered it.
        assertThat(admin.post("/api/v1/admin/queues", new JsonObject().put("id", "retry-parking").put("name", "重试")
                .put("order", 90).put("match", new JsonObject().put("channels", new JsonArray().add("sms")))
                .put("requiredSkills", new JsonArray().add("parking-only"))).statusCode()).isEqualTo(201);
        try {
            citizenWrites("oACD_citizen_2", "小区门口的路灯坏了三天了");

            await().atMost(Duration.ofSeconds(15)).until(() -> json(supervisor.get("/api/v1/acd/failures"))
                    .getJsonArray("failures").size() == 1);
            JsonObject failure = json(supervisor.get("/api/v1/acd/failures")).getJsonArray("failures")
                    .getJsonObject(0);
            assertThat(failure.getString("reason")).isEqualTo("no_queue");

            HttpResponse<String> retried = supervisor.post("/api/v1/acd/failures/"
                    + failure.getString("conversationId") + "/retry", new JsonObject().put("queue", "retry-parking"));
            HttpResponse<String> unknown = supervisor.post("/api/v1/acd/failures/V-20000101-000001/retry",
                    new JsonObject());

            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(json(retried).getString("queue")).isEqualTo("retry-parking");
            assertThat(json(retried).getString("status")).isEqualTo("waiting");
            assertThat(json(supervisor.get("/api/v1/acd/failures")).getJsonArray("failures")).isEmpty();
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(errorCode(unknown)).isEqualTo("conversation_not_routed");
        } finally {
            JsonObject current = json(admin.get("/api/v1/admin/queues/wechat-general"));
            admin.put("/api/v1/admin/queues/wechat-general", current.put("match", new JsonObject()
                    .put("channels", new JsonArray().add("wechat"))));
        }
    }
}
