package io.yikou.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.yikou.server.StaffClient;
import io.yikou.server.TestServer;
import io.yikou.testkit.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** The staff UI in headless Chromium against a whole node: logins, roles, CSRF, escaping, throttling. */
class DeskBrowserIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final String ADMIN = "admin.zhou";
    private static final String ADMIN_PASSWORD = "first-desk-pass-1";
    private static final String PASSWORD = "agent-desk-pass-2";

    private static TestServer server;
    private static DeskPages desk;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(REDIS.url(), "", Map.of(
                "YIKOU_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "YIKOU_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        desk = new DeskPages(BROWSER, server.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void loggedOut() {
        desk.open("/desk/login");
        BROWSER.driver().manage().deleteAllCookies();
    }

    @Test
    void loginPageIsChinese() throws Exception {
        desk.open("/desk/login");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "工作人员登录"));

        Path shot = BROWSER.screenshot("login");

        assertThat(BROWSER.driver().findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("登录名");
        assertThat(BROWSER.driver().getTitle()).contains("96010");
        assertThat(Files.size(shot)).isGreaterThan(1000);
    }

    @Test
    void administratorCreatesAgentWhoSeesAgentNavigation() throws Exception {
        desk.logIn(ADMIN, ADMIN_PASSWORD);
        desk.open("/desk/users");
        desk.createUser("li.na", "李娜", "agent", PASSWORD);
        WebElement row = desk.userRow("li.na");
        BROWSER.waiting().until(visibilityOfElementLocated(By.cssSelector("#users-message.message-success")));
        ((JavascriptExecutor) BROWSER.driver()).executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");

        BROWSER.screenshot("users");
        assertThat(BROWSER.driver().findElement(By.id("edit-form")).isDisplayed()).isFalse();
        assertThat(row.getText()).contains("李娜").contains("坐席员").contains("正常");
        assertThat(desk.navigation())
                .containsExactly("home", "agentDesk", "wallboard", "queues", "agentProfiles", "users", "audit");
        desk.logOut();

        desk.logIn("li.na", PASSWORD);
        BROWSER.screenshot("home-agent");

        assertThat(desk.navigation()).containsExactly("home", "agentDesk");
        assertThat(BROWSER.driver().findElement(By.id("signed-in")).getText()).isEqualTo("李娜（坐席员）");
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/tickets", null)).isEqualTo(200);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/routing-failures", null)).isEqualTo(403);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/admin/users", null)).isEqualTo(403);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/admin/audit", null)).isEqualTo(403);
    }

    @Test
    void agentGets403PageForAdministration() throws Exception {
        server.createUser("zhao.lei", "赵磊", "agent", PASSWORD);
        desk.logIn("zhao.lei", PASSWORD);

        desk.open("/desk/users");

        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "没有权限"));
        assertThat(BROWSER.driver().findElements(By.id("users-rows"))).isEmpty();
    }

    @Test
    void loggedOutBrowserGetsNothing() {
        desk.open("/desk/users");

        BROWSER.waiting().until(d -> d.getCurrentUrl().contains("/desk/login"));
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("/desk/login?next=%2Fdesk%2Fusers");
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/tickets", null)).isEqualTo(401);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/admin/users", null)).isEqualTo(401);
        assertThat(BROWSER.fetchStatus("GET", "/api/v1/session", null)).isEqualTo(401);
        desk.open("/desk/audit");
        BROWSER.waiting().until(d -> d.getCurrentUrl().contains("/desk/login?next=%2Fdesk%2Faudit"));
    }

    @Test
    void logoutLeavesNothingBehind() {
        desk.logIn(ADMIN, ADMIN_PASSWORD);

        desk.logOut();

        assertThat(BROWSER.fetchStatus("GET", "/api/v1/session", null)).isEqualTo(401);
        desk.open("/desk/");
        BROWSER.waiting().until(d -> d.getCurrentUrl().contains("/desk/login"));
    }

    @Test
    void requestWithoutCsrfTokenIsRefused() throws Exception {
        desk.logIn(ADMIN, ADMIN_PASSWORD);
        String body = "{\"username\":\"forged.user\",\"displayName\":\"x\",\"role\":\"administrator\","
                + "\"password\":\"forged-password-1\"}";
        String csrf = StaffClient.anonymous(server).csrfToken();

        long withoutToken = BROWSER.fetchStatus("POST", "/api/v1/admin/users", body);
        long withWrongToken = BROWSER.fetchStatus("POST", "/api/v1/admin/users", body, "X-CSRF-Token", "guessed");

        assertThat(csrf).isNull();
        assertThat(withoutToken).isEqualTo(403);
        assertThat(withWrongToken).isEqualTo(403);
        desk.open("/desk/users");
        desk.userRow(ADMIN);
        assertThat(BROWSER.driver().findElements(By.cssSelector("#users-rows tr[data-username='forged.user']")))
                .isEmpty();
    }

    @Test
    void markupFromPeopleIsShownAsText() throws Exception {
        String displayName = "<img src=x onerror=\"window.__xss='name'\">王<b>丽</b>";
        server.createUser("wang.xss", displayName, "agent", PASSWORD);
        String typedName = "<script>window.__xss='login'</script>";
        StaffClient.anonymous(server).attemptLogin(typedName, "wrong-password-0");
        StaffClient agent = server.login("wang.xss", PASSWORD);
        agent.get("/api/v1/tickets?q=" + java.net.URLEncoder.encode("<svg onload=alert(1)>", "UTF-8"));

        desk.logIn(ADMIN, ADMIN_PASSWORD);
        desk.open("/desk/users");
        WebElement row = desk.userRow("wang.xss");
        desk.open("/desk/audit");
        BROWSER.waiting().until(d -> d.findElement(By.id("audit-rows")).getText().contains("<script>"));
        String auditText = BROWSER.driver().findElement(By.id("audit-rows")).getText();

        assertThat(auditText).contains(typedName);
        assertThat(auditText).contains("<svg onload=alert(1)>");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#audit-rows script, #audit-rows svg"))).isEmpty();
        assertThat(((JavascriptExecutor) BROWSER.driver()).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
        desk.open("/desk/users");
        row = desk.userRow("wang.xss");
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo(displayName);
        assertThat(row.findElements(By.cssSelector("img, b"))).isEmpty();
        assertThat(((JavascriptExecutor) BROWSER.driver()).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
    }

    @Test
    void repeatedFailuresThrottleLogin() throws Exception {
        server.createUser("sun.li", "孙丽", "agent", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(desk.logInExpectingError("sun.li", "wrong-guess-" + i)).as("guess %d", i)
                    .isEqualTo("登录名或密码不正确，或账号已停用。");
        }

        String refused = desk.logInExpectingError("sun.li", PASSWORD);

        assertThat(refused).startsWith("登录失败次数过多");
        BROWSER.screenshot("login-throttled");
    }

    @Test
    void auditPageListsLogins() throws Exception {
        desk.logIn(ADMIN, ADMIN_PASSWORD);

        desk.open("/desk/audit");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.id("audit-rows"), "登录"));

        BROWSER.screenshot("audit");
        assertThat(BROWSER.driver().findElement(By.id("audit-rows")).getText()).contains(ADMIN);
    }

    @Test
    void languageSwitchShowsEnglish() {
        desk.open("/desk/login");
        BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "工作人员登录"));

        try {
            BROWSER.driver().findElement(By.id("lang-switch")).click();
            BROWSER.waiting().until(textToBePresentInElementLocated(By.tagName("h1"), "Staff login"));

            assertThat(BROWSER.driver().findElement(By.cssSelector("label[for=username]")).getText())
                    .isEqualTo("User name");
            assertThat(BROWSER.driver().findElement(By.id("lang-switch")).getText()).isEqualTo("中文");
        } finally {
            ((JavascriptExecutor) BROWSER.driver()).executeScript("localStorage.removeItem('yikou.desk.lang')");
        }
    }

    @Test
    void pagesCarryContentSecurityPolicy() throws Exception {
        var response = server.get("/desk/login");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> {
            assertThat(policy).contains("script-src 'self'");
            assertThat(policy).doesNotContain("unsafe-inline");
        });
        assertThat(response.body()).doesNotContain("<script>").doesNotContain("onclick=");
    }

    @Test
    void echartsIsServedFromWebJar() throws Exception {
        var response = server.get("/desk/webjars/echarts/5.3.1/dist/echarts.min.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("echarts");
    }
}
