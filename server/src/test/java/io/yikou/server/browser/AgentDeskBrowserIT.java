package io.yikou.server.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.json.JsonObject;
import io.yikou.server.TestServer;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent desktop and the supervisor wallboard in headless Chromium against a whole node, with
 * WireMock on 127.0.0.1 as the Open311 case system. The tests file a ticket from the desk form,
 * check access to the new pages and APIs, show citizen text as text and retry a failed routing.
 */
class AgentDeskBrowserIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final String CASES = "/open311/v2/requests.json";
    /** Descriptions containing this ASCII marker are refused by the case-system stub until a test lifts it. */
    private static final String REFUSED_WORD = "REFUSE-ME";
    private static final String PASSWORD = "desk-work-pass-3";

    private static WireMockServer caseSystem;
    private static TestServer server;
    private static DeskPages desk;

    @BeforeAll
    static void start() throws Exception {
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .globalTemplating(true));
        caseSystem.start();
        acceptEveryCase();
        caseSystem.stubFor(post(CASES).withRequestBody(containing(REFUSED_WORD)).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("[{\"code\":400,\"description\":\"rejected\"}]")));
        server = TestServer.start(REDIS.url(), "case-system:\n  max-attempts: 1\n", Map.of(
                "YIKOU_CASE_SYSTEM_TYPE", "open311",
                "YIKOU_CASE_SYSTEM_URL", "http://127.0.0.1:" + caseSystem.port() + "/open311/v2"));
        server.createUser("agent.chen", "陈静", "agent", PASSWORD);
        server.createUser("lead.wu", "吴强", "supervisor", PASSWORD);
        desk = new DeskPages(BROWSER, server.baseUrl());
    }

    private static void acceptEveryCase() {
        caseSystem.stubFor(post(CASES).atPriority(5).willReturn(aResponse().withStatus(201)
                .withBody("[{\"service_request_id\":\"SR-{{request.headers.Idempotency-Key}}\"}]")));
    }

    private static String urlEncoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (caseSystem != null) {
            caseSystem.stop();
        }
    }

    @BeforeEach
    void loggedOut() {
        desk.open("/desk/login");
        BROWSER.driver().manage().deleteAllCookies();
    }

    @Test
    void deskTicketReachesCaseSystem() throws Exception {
        desk.logIn("agent.chen", PASSWORD);
        desk.open("/desk/agent");
        WebElement form = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-form")));
        BROWSER.waiting().until(d -> d.findElements(By.cssSelector("#ticket-category option")).size() > 1);

        form.findElement(By.name("description")).sendKeys("示范南东社区3号楼门口电线杆上贴满了小广告，请尽快清理。");
        form.findElement(By.name("address")).sendKeys("示范南东社区3号楼");
        new Select(form.findElement(By.name("type"))).selectByValue("complaint");
        new Select(form.findElement(By.name("category"))).selectByValue("E0201");
        form.findElement(By.name("name")).sendKeys("刘先生");
        form.findElement(By.name("phone")).sendKeys("13800001111");
        new Select(form.findElement(By.name("channel"))).selectByValue("voice");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.id("grid-preview"), "示范南东社区"));
        scrollTo(".ticket-panel");
        BROWSER.screenshot("agent-ticket-form");
        form.findElement(By.id("ticket-submit")).click();

        WebElement created = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-number")));
        String number = created.getAttribute("data-number");
        assertThat(created.getText()).isEqualTo("已建立工单 " + number);
        JsonObject stored = server.ticket(number);
        assertThat(stored.getJsonObject("location").getJsonObject("grid").getString("communityName"))
                .isEqualTo("示范南东社区");
        assertThat(stored.getString("categoryCode")).isEqualTo("E0201");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                caseSystem.verify(postRequestedFor(urlEqualTo(CASES))
                        .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(number))
                        .withRequestBody(containing("service_code=E0201"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(server.ticket(number).getString("status")));
        scrollTo(".ticket-panel");
        BROWSER.screenshot("agent-ticket-created");
    }

    /** Scrolls a panel to the top of the window, so a screenshot for the user guide shows it whole. */
    private static void scrollTo(String selector) {
        ((JavascriptExecutor) BROWSER.driver()).executeScript(
                "document.activeElement.blur(); document.querySelector(arguments[0]).scrollIntoView();", selector);
    }

    @Test
    void deskFormShowsFieldErrors() {
        desk.logIn("agent.chen", PASSWORD);
        desk.open("/desk/agent");
        WebElement form = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-form")));
        long before = server.ticketCount();

        form.findElement(By.id("ticket-submit")).click();

        WebElement descriptionError = BROWSER.waiting().until(visibilityOfElementLocated(
                By.cssSelector("#ticket-form [data-error-for=description]")));
        assertThat(descriptionError.getText()).isNotEmpty();
        assertThat(form.findElement(By.cssSelector("[data-error-for=type]")).isDisplayed()).isTrue();
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void citizenMarkupInTicketsIsText() throws Exception {
        String description = "菜市场门口路灯不亮<img src=x onerror=\"window.__xss='img'\"><script>window.__xss='script'</script>";
        HttpRequest request = server.request("/api/v1/reports").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "help")
                        .put("description", description).put("address", "菜市场").put("consent", true).encode()))
                .build();
        assertThat(server.send(request).statusCode()).isEqualTo(201);
        desk.logIn("agent.chen", PASSWORD);
        desk.open("/desk/agent");
        WebElement form = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-form")));

        // The ticket history is indexed from the stream, so the similar-tickets list fills once it is.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            WebElement field = form.findElement(By.name("description"));
            field.clear();
            field.sendKeys("路灯不亮");
            BROWSER.waiting().until(d -> d.findElement(By.id("similar-tickets")).getText().contains("<script>"));
        });

        String shown = BROWSER.driver().findElement(By.id("similar-tickets")).getText();
        assertThat(shown).contains(description);
        assertThat(BROWSER.driver().findElements(By.cssSelector("#similar-tickets img, #similar-tickets script")))
                .isEmpty();
        assertThat(((JavascriptExecutor) BROWSER.driver()).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
    }

    @Test
    void agentDeskSwitchesToEnglish() {
        desk.logIn("agent.chen", PASSWORD);
        desk.open("/desk/agent");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.cssSelector(".ticket-panel h2"), "新建工单"));

        try {
            BROWSER.driver().findElement(By.id("lang-switch")).click();
            BROWSER.waiting().until(textToBePresentInElementLocated(By.cssSelector(".ticket-panel h2"), "New ticket"));

            assertThat(BROWSER.driver().findElement(By.id("ticket-submit")).getText()).isEqualTo("File ticket");
            assertThat(new Select(BROWSER.driver().findElement(By.id("ticket-type"))).getOptions().get(2).getText())
                    .isEqualTo("Request for help");
        } finally {
            ((JavascriptExecutor) BROWSER.driver()).executeScript("localStorage.removeItem('yikou.desk.lang')");
        }
    }

    @Test
    void agentCannotUseSupervisorOrAdminPages() {
        desk.logIn("agent.chen", PASSWORD);

        assertThat(desk.navigation()).containsExactly("home", "agentDesk");
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/routing-failures", null)).isEqualTo(403);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/kb/history/facets", null)).isEqualTo(403);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/admin/users", null)).isEqualTo(403);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/grid/locate?lat=39.93&lon=116.40", null)).isEqualTo(200);
        desk.open("/desk/wallboard");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "没有权限"));
        desk.open("/desk/queues");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "没有权限"));
        desk.open("/desk/agents");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "没有权限"));
    }

    @Test
    void loggedOutBrowserGetsNoDeskPage() {
        for (String page : new String[] {"/desk/agent", "/desk/wallboard", "/desk/queues", "/desk/agents"}) {
            desk.open(page);

            BROWSER.waiting().until(d -> d.getCurrentUrl().contains("/desk/login"));
            assertThat(BROWSER.driver().getCurrentUrl()).as(page)
                    .endsWith("/desk/login?next=" + urlEncoded(page));
        }
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/grid/locate?address=x", null)).isEqualTo(401);
        assertThat(BROWSER.fetchStatus("POST", "/api/v1/tickets", "{\"type\":\"help\",\"description\":\"x\"}"))
                .isEqualTo(401);
    }

    @Test
    void ticketWithoutCsrfTokenIsRefused() {
        desk.logIn("agent.chen", PASSWORD);
        long before = server.ticketCount();
        String body = "{\"type\":\"help\",\"description\":\"伪造的请求\"}";

        long withoutToken = BROWSER.fetchStatus("POST", "/api/v1/tickets", body);
        long withWrongToken = BROWSER.fetchStatus("POST", "/api/v1/tickets", body, "X-CSRF-Token", "guessed");

        assertThat(withoutToken).isEqualTo(403);
        assertThat(withWrongToken).isEqualTo(403);
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void supervisorRetriesFailedRouting() throws Exception {
        desk.logIn("agent.chen", PASSWORD);
        desk.open("/desk/agent");
        WebElement form = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-form")));
        form.findElement(By.name("description")).sendKeys(REFUSED_WORD + "：示范北东社区垃圾站满溢。");
        new Select(form.findElement(By.name("type"))).selectByValue("report");
        form.findElement(By.id("ticket-submit")).click();
        String number = BROWSER.waiting().until(visibilityOfElementLocated(By.id("ticket-number")))
                .getAttribute("data-number");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "routing_failed".equals(server.ticket(number).getString("status")));
        desk.logOut();

        desk.logIn("lead.wu", PASSWORD);
        desk.open("/desk/wallboard");
        By row = By.cssSelector("#failure-rows tr[data-failure='" + number + "']");
        WebElement failure = BROWSER.waiting().until(visibilityOfElementLocated(row));
        BROWSER.waiting().until(d -> !d.findElement(By.id("tickets-total")).getText().isEmpty());
        BROWSER.screenshot("wallboard");
        caseSystem.resetMappings();
        acceptEveryCase();
        failure.findElement(By.tagName("button")).click();

        BROWSER.waiting().until(textToBePresentInElementLocated(By.id("wallboard-message"), number));
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(server.ticket(number).getString("status")));
        BROWSER.waiting().until(d -> d.findElements(row).isEmpty());
    }

    @Test
    void wallboardChartsTodaysTickets() throws Exception {
        HttpRequest request = server.request("/api/v1/reports").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "complaint")
                        .put("description", "夜间施工噪音扰民").put("address", "示范北东社区").put("consent", true).encode()))
                .build();
        assertThat(server.send(request).statusCode()).isEqualTo(201);
        desk.logIn("lead.wu", PASSWORD);

        desk.open("/desk/wallboard");

        assertThat(desk.navigation()).containsExactly("home", "agentDesk", "wallboard");
        BROWSER.waiting().until(d -> !d.findElements(By.cssSelector("#chart-street canvas")).isEmpty());
        assertThat(BROWSER.driver().findElements(By.cssSelector("#chart-category canvas"))).isNotEmpty();
        assertThat(BROWSER.driver().findElement(By.id("tickets-total")).getAttribute("data-total")).isNotEqualTo("0");
        BROWSER.waiting().until(d -> "off".equals(d.findElement(By.id("voice-status")).getAttribute("data-state")));
        assertThat(BROWSER.driver().findElement(By.id("voice-status")).getText()).isEqualTo("电话渠道未启用");
    }
}
