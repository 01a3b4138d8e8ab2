package io.yikou.server.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.server.StaffClient;
import io.yikou.server.TestServer;
import io.yikou.server.WechatStub;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A WeChat conversation from the signed callback to the agent's reply and ticket, through the desk
 * pages in headless Chromium. The administrator sets up a queue and the agent's skills in the admin
 * pages. The agent goes ready, accepts the offer, reads the citizen's text (markup shown as text),
 * replies (WireMock records the customer-service message) and files a ticket that reaches the
 * case-system stub. The supervisor then sees the agent's state and the queue's waiting count change.
 * The tests build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatDeskBrowserIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final String TOKEN = "desktoken";
    private static final String APP_ID = "wx2c2769f8efd9abc2";
    private static final String CASES = "/open311/v2/requests.json";
    private static final String ADMIN = "admin.he";
    private static final String PASSWORD = "chat-desk-pass-4";
    private static final String CITIZEN_TEXT = "胡同口路灯不亮<img src=x onerror=\"window.__xss='chat'\">三天了";

    private static WechatStub wechat;
    private static WireMockServer caseSystem;
    private static TestServer server;
    private static DeskPages desk;
    private static String agentId;
    private static boolean liveHub;

    @BeforeAll
    static void start() throws Exception {
        wechat = WechatStub.start(TOKEN, APP_ID, 24_000_000_000_010_000L);
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .globalTemplating(true));
        caseSystem.start();

        caseSystem.stubFor(post(CASES).willReturn(aResponse().withStatus(201)
                .withBody("[{\"service_request_id\":\"SR-{{request.headers.Idempotency-Key}}\"}]")));

        server = TestServer.start(REDIS.url(), """
                %s
                """.formatted(wechat.configuration()), Map.of(
                "YIKOU_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "YIKOU_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
                "YIKOU_CASE_SYSTEM_TYPE", "open311",
                "YIKOU_CASE_SYSTEM_URL", "http://127.0.0.1:" + caseSystem.port() + "/open311/v2"));
        agentId = server.createUser("agent.lin", "林芳", "agent", PASSWORD);
        server.createUser("lead.ma", "马军", "supervisor", PASSWORD);
        desk = new DeskPages(BROWSER, server.baseUrl());
        // NOTE: a build without the ACD, or without the live hub and wallboard, skips the tests that
        // need them instead of failing them.
        Assumptions.assumeTrue(routeExists("/api/v1/admin/queues"),
                "chat desk tests skipped: this build has no ACD (/api/v1/admin/queues)");
        liveHub = routeExists("/api/v1/wallboard");
    }

    private static void assumeLiveHub() {
        Assumptions.assumeTrue(liveHub, "skipped: this build has no live hub and wallboard (/api/v1/wallboard)");
    }

    private static boolean routeExists(String path) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .GET().build()).statusCode() != 404;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (wechat != null) {
            wechat.close();
        }
        if (caseSystem != null) {
            caseSystem.stop();
        }
    }

    @Test
    @Order(1)
    void administratorSetsUpQueueAndSkills() throws Exception {
        desk.logIn(ADMIN, PASSWORD);
        desk.open("/desk/queues");
        WebElement form = BROWSER.waiting().until(visibilityOfElementLocated(By.id("queue-form")));
        form.findElement(By.name("id")).sendKeys("wechat-general");
        form.findElement(By.name("name")).sendKeys("微信综合");
        form.findElement(By.name("channels")).sendKeys("wechat");
        form.findElement(By.name("requiredSkills")).sendKeys("channel:wechat");
        form.findElement(By.name("maxWaiting")).sendKeys("5");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        BROWSER.waiting().until(visibilityOfElementLocated(By.cssSelector("#queue-rows tr[data-queue='wechat-general']")));
        BROWSER.screenshot("admin-queues");

        desk.open("/desk/agents");
        WebElement row = BROWSER.waiting().until(visibilityOfElementLocated(
                By.cssSelector("#profile-rows tr[data-username='agent.lin']")));
        row.findElement(By.tagName("button")).click();
        WebElement profile = BROWSER.waiting().until(visibilityOfElementLocated(By.id("profile-form")));
        profile.findElement(By.name("skills")).sendKeys("channel:wechat, lang:zh");
        profile.findElement(By.name("chatCapacity")).sendKeys("2");
        profile.findElement(By.cssSelector("button[type=submit]")).click();

        BROWSER.waiting().until(textToBePresentInElementLocated(
                By.cssSelector("#profile-rows tr[data-username='agent.lin']"), "channel:wechat"));
        BROWSER.screenshot("admin-agents");
        JsonObject stored = new JsonObject(server.send(server.request("/api/v1/admin/queues/wechat-general")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build()).body());
        assertThat(stored.getJsonArray("requiredSkills")).containsExactly("channel:wechat");
        assertThat(stored.getJsonObject("alerts").getInteger("maxWaiting")).isEqualTo(5);
        desk.logOut();
    }

    @Test
    @Order(2)
    void agentAnswersWechatChatAndFilesTicket() throws Exception {
        desk.logIn("agent.lin", PASSWORD);
        desk.open("/desk/agent");
        BROWSER.waiting().until(visibilityOfElementLocated(By.id("state-ready"))).click();
        BROWSER.waiting().until(textToBePresentInElementLocated(By.id("agent-state"), "就绪"));

        assertThat(wechatCallback("oDESK_citizen_1", CITIZEN_TEXT).statusCode()).isEqualTo(200);

        WebElement offer = BROWSER.waiting().until(visibilityOfElementLocated(By.cssSelector("#offers li.offer")));
        assertThat(offer.findElement(By.className("preview")).getText()).isEqualTo(CITIZEN_TEXT);
        BROWSER.screenshot("agent-offer");
        offer.findElement(By.cssSelector("button.primary")).click();
        BROWSER.waiting().until(textToBePresentInElementLocated(By.id("chat-messages"), "三天了"));
        assertThat(BROWSER.driver().findElement(By.cssSelector("#chat-messages .msg-in .msg-text")).getText())
                .isEqualTo(CITIZEN_TEXT);
        assertThat(BROWSER.driver().findElements(By.cssSelector("#chat-messages img"))).isEmpty();
        assertThat(((JavascriptExecutor) BROWSER.driver()).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);

        BROWSER.driver().findElement(By.id("reply-text")).sendKeys("您好，已收到，马上安排处理。");
        BROWSER.driver().findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> wechat.api().verify(
                postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                        .withRequestBody(matchingJsonPath("$.touser", equalTo("oDESK_citizen_1")))
                        .withRequestBody(matchingJsonPath("$.text.content", equalTo("您好，已收到，马上安排处理。")))));
        BROWSER.screenshot("agent-chat");

        BROWSER.driver().findElement(By.id("chat-to-form")).click();
        WebElement form = BROWSER.driver().findElement(By.id("ticket-form"));
        assertThat(form.findElement(By.name("description")).getAttribute("value")).isEqualTo(CITIZEN_TEXT);
        new Select(form.findElement(By.name("type"))).selectByValue("help");
        form.findElement(By.name("address")).sendKeys("示范北东社区胡同口");
        form.findElement(By.id("ticket-submit")).click();
        String number = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-number")))
                .getAttribute("data-number");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> caseSystem.verify(postRequestedFor(urlEqualTo(CASES))
                .withHeader("Idempotency-Key", equalTo(number))
                .withRequestBody(containing("attribute%5Bstreet_code%5D=110101901"))));
        BROWSER.driver().findElement(By.id("chat-close")).click();
        BROWSER.waiting().until(visibilityOfElementLocated(By.id("conversations-empty")));
        desk.logOut();
    }

    @Test
    @Order(3)
    void supervisorSeesQueueAndAgentChange() throws Exception {
        assumeLiveHub();
        desk.logIn("lead.ma", PASSWORD);
        desk.open("/desk/wallboard");
        By agentRow = By.cssSelector("#agent-rows tr[data-agent='agent.lin']");
        BROWSER.waiting().until(visibilityOfElementLocated(agentRow));
        BROWSER.waiting().until(visibilityOfElementLocated(By.cssSelector("#queue-tiles [data-queue='wechat-general']")));
        StaffClient agent = server.login("agent.lin", PASSWORD);
        String reason = new JsonObject(agent.get("/api/v1/agent/reasons").body()).getJsonArray("reasons")
                .getJsonObject(0).getString("code");

        HttpResponse<String> notReady = agent.send("PUT", "/api/v1/agent/state",
                new JsonObject().put("presence", "not_ready").put("reason", reason), true);
        assertThat(notReady.statusCode()).isEqualTo(200);
        BROWSER.waiting().until(d -> d.findElement(agentRow).getAttribute("data-state").equals("not_ready"));
        assertThat(wechatCallback("oDESK_citizen_2", "小区垃圾没人清运").statusCode()).isEqualTo(200);

        By waiting = By.xpath("//*[@data-queue='wechat-general']//tr[th[text()='排队']]/td[2]");
        BROWSER.waiting().until(d -> d.findElement(waiting).getText().equals("1"));
        BROWSER.screenshot("wallboard-live");
    }

    @Test
    @Order(4)
    void loggedOutBrowserGetsNoLiveSocket() {
        assumeLiveHub();
        desk.open("/desk/login");
        BROWSER.driver().manage().deleteAllCookies();

        Object outcome = ((JavascriptExecutor) BROWSER.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const socket = new WebSocket('ws://' + location.host + '/api/v1/live');"
                        + "socket.onopen = () => { socket.close(); done('open'); };"
                        + "socket.onclose = () => done('closed');");

        assertThat(outcome).isEqualTo("closed");
    }

    /**
     * Shows what the screen pop panel cannot show for a first-time caller: earlier tickets, open cases,
     * a citizen's markup in a ticket summary shown as text, and the pop filling the ticket form. The
     * pop is published on the push channel as the voice module publishes it; the whole path from a
     * replayed Asterisk call to the desk is {@link CallScreenPopBrowserIT}.
     */
    @Test
    @Order(5)
    void screenPopShowsCallerAndHistory() throws Exception {
        assumeLiveHub();
        desk.logIn("agent.lin", PASSWORD);
        desk.open("/desk/agent");
        BROWSER.waiting().until(d -> "open".equals(d.findElement(By.id("live-status")).getAttribute("data-status")));
        String summary = "楼道灯坏了<img src=x onerror=\"window.__xss='pop'\">";
        JsonObject pop = new JsonObject().put("linkedid", "1796416215.30").put("queue", "96010-general")
                .put("callerNumber", "13812345678").put("callerNumberMasked", "138****5678")
                .put("contactId", "C-20261205-000001").put("elderly", true)
                .put("ivr", new JsonObject().put("flow", "main-menu").put("choices", new JsonArray().add("1").add("2")))
                .put("history", new JsonObject().put("available", true).put("total", 1).put("tickets", new JsonArray()
                        .add(new JsonObject().put("number", "96010-20261120-000031").put("status", "dispatched")
                                .put("createdAt", "2026-11-20T01:00:00Z").put("summary", summary).put("open", true))))
                .put("openTickets", new JsonArray().add("96010-20261120-000031"));

        server.redis().publish(PushPublisher.CHANNEL,
                new PushEvent("agent", "call.screen-pop", Instant.now(), agentId, pop).toJson().encode());

        WebElement panel = BROWSER.waiting().until(visibilityOfElementLocated(By.id("screen-pop")));
        assertThat(BROWSER.driver().findElement(By.id("pop-caller")).getText()).isEqualTo("138****5678");
        assertThat(BROWSER.driver().findElement(By.id("pop-ivr")).getText()).isEqualTo("1 → 2");
        assertThat(BROWSER.driver().findElement(By.id("pop-open")).getText()).isEqualTo("96010-20261120-000031");
        assertThat(BROWSER.driver().findElement(By.id("pop-history")).getText()).contains(summary);
        assertThat(panel.findElements(By.tagName("img"))).isEmpty();
        assertThat(((JavascriptExecutor) BROWSER.driver()).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
        BROWSER.screenshot("agent-screen-pop");
        BROWSER.driver().findElement(By.id("pop-to-form")).click();
        assertThat(BROWSER.driver().findElement(By.id("ticket-reporter-phone")).getAttribute("value"))
                .isEqualTo("13812345678");
        desk.logOut();
    }

    private static HttpResponse<String> wechatCallback(String openId, String text) throws Exception {
        return wechat.sendText(server, openId, text);
    }
}
