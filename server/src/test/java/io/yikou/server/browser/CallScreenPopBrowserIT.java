package io.yikou.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.server.TestServer;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiReplay;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAgiClient;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.Transcript;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The screen pop of a real call path, in headless Chromium: a fake Asterisk on 127.0.0.1 replays
 * the recorded SIP call of s7 (the citizen 张三 on 13800138000 presses 1 in the FastAGI menu and
 * queue {@code sipline} rings PJSIP/1001) to a server whose voice channel is on. Two agents have
 * their desks open, one on PJSIP/1001 and one on PJSIP/1002; the recording is held after the login
 * until both desks are live, and again before the queue, while the recorded FastAGI session runs
 * the server's IVR. Only the desk of PJSIP/1001 may show the pop.
 */
class CallScreenPopBrowserIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    /** The desk of 张伟, whose phone PJSIP/1001 rings in the recording. */
    @RegisterExtension
    static final Browser RINGING = new Browser();

    /** The desk of 李娜 on PJSIP/1002, which the call never rings. */
    @RegisterExtension
    static final Browser OTHER = new Browser();

    private static final String PASSWORD = "call-pop-pass-7";
    private static final String LINKEDID = "1796416215.30";

    private static FakeAmiServer asterisk;
    private static TestServer server;
    private static int agiPort;
    private static int queueIndex;

    @BeforeAll
    static void start() throws Exception {
        Transcript sip = Scripts.ami("s7-sip-ivr-queue-answered");
        asterisk = new FakeAmiServer(VoiceHarness.SECRET).start();
        asterisk.listResponder("QueueStatus", action -> AmiReplay.recordedList(sip.connection(0), "A-74"));
        // The action session connects first and plays the member administration of s3, so the
        // QueueAdd sent when an agent goes ready gets its recorded response. The event session plays the call.
        asterisk.enqueue(AmiScript.of(Scripts.ami("s3-member-admin-status").connection(0)).expecting("QueueAdd"));
        AmiScript call = AmiScript.of(sip.connection(0));
        queueIndex = call.indexOf("Event: QueueCallerJoin", call.loginEnd());
        asterisk.enqueue(call.holdAt(call.loginEnd()).holdAt(queueIndex));
        agiPort = freePort();

        server = TestServer.start(REDIS.url(), """
                voice:
                  enabled: true
                  asterisk-id: test-pbx
                  inbound-contexts: [citizen, from-trunk]
                  ami:
                    host: 127.0.0.1
                    port: %d
                    secret: %s
                    lease-ttl: 2s
                  agi:
                    host: 127.0.0.1
                    port: %d
                  ivr:
                    time-zone: "%s"
                """.formatted(asterisk.port(), VoiceHarness.SECRET, agiPort, noonZone()), Map.of());
        Assumptions.assumeTrue(routeExists("/api/v1/admin/agents") && routeExists("/api/v1/wallboard"),
                "call screen pop tests skipped: this build has no ACD or no live hub");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @Test
    void queueCallPopsRingingAgentOnly() throws Exception {
        String zhang = server.createUser("agent.zhang", "张伟", "agent", PASSWORD);
        String li = server.createUser("agent.li", "李娜", "agent", PASSWORD);
        assertThat(putProfile(zhang, "PJSIP/1001").statusCode()).isEqualTo(200);
        assertThat(putProfile(li, "PJSIP/1002").statusCode()).isEqualTo(200);
        openLiveDesk(RINGING, "agent.zhang", zhang);
        openLiveDesk(OTHER, "agent.li", li);

        // Both desks are subscribed: play the call up to the queue, while its IVR runs over FastAGI.
        await().atMost(Duration.ofSeconds(20)).until(asterisk::holding);
        asterisk.release();
        await().atMost(Duration.ofSeconds(20)).until(() -> asterisk.holdingAt(queueIndex));
        // In the recording 张三 presses 1 at a GET DATA menu. This flow reads keys with WAIT FOR DIGIT
        // after a language menu, so he lets that menu time out (0) and presses 1 (ASCII 49) at the main menu.
        FakeAgiClient agi = FakeAgiClient.lenient(Scripts.agi("s7-sip-ivr-main-menu"))
                .answer("GET VARIABLE CHANNEL(linkedid)", "200 result=1 (" + LINKEDID + ")")
                .answer("WAIT FOR DIGIT", "200 result=0", "200 result=49")
                .run(agiPort, 5000);
        assertThat(agi.serverClosed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ivrChoices() != null);
        asterisk.release();

        By panel = By.id("screen-pop");
        RINGING.waiting().until(visibilityOfElementLocated(panel));
        var desk = RINGING.driver();
        assertThat(desk.findElement(By.id("pop-caller")).getText()).isEqualTo("138****8000");
        assertThat(desk.findElement(By.id("pop-queue")).getText()).isEqualTo("sipline");
        assertThat(ivrChoices()).containsExactly("1");
        assertThat(desk.findElement(By.id("pop-ivr")).getText()).isEqualTo("1");
        assertThat(desk.findElement(panel).getText()).doesNotContain("13800138000");
        assertThat(desk.findElements(By.cssSelector("#pop-history li"))).isEmpty();
        RINGING.screenshot("agent-call-screen-pop");
        assertThat(RINGING.fetchStatus("GET", "/api/v1/agent/calls/" + LINKEDID + "/screen-pop", null))
                .isEqualTo(200);

        assertThat(OTHER.fetchStatus("GET", "/api/v1/agent/calls/" + LINKEDID + "/screen-pop", null))
                .isEqualTo(404);
        assertThat(OTHER.driver().findElement(panel).isDisplayed()).isFalse();
        assertThat(OTHER.driver().findElement(By.id("live-status")).getAttribute("data-status")).isEqualTo("open");
        OTHER.screenshot("agent-call-no-pop");
    }

    /**
     * Logs an agent in on the desk, then sets the agent ready as a supervisor through the API: the
     * desk can only learn that over its live socket, so once it shows ready the socket is subscribed.
     */
    private static void openLiveDesk(Browser browser, String username, String userId) throws Exception {
        DeskPages desk = new DeskPages(browser, server.baseUrl());
        desk.logIn(username, PASSWORD);
        desk.open("/desk/agent");
        browser.waiting().until(d -> "open".equals(d.findElement(By.id("live-status")).getAttribute("data-status")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(asAdministrator("PUT",
                "/api/v1/agents/" + userId + "/state", new JsonObject().put("presence", "ready")).statusCode())
                .isEqualTo(200));
        browser.waiting().until(textToBePresentInElementLocated(By.id("agent-state"), "就绪"));
    }

    private static HttpResponse<String> putProfile(String userId, String memberInterface) throws Exception {
        return asAdministrator("PUT", "/api/v1/admin/agents/" + userId, new JsonObject()
                .put("skills", new JsonArray()).put("memberInterface", memberInterface)
                .put("voiceQueues", new JsonArray().add("sipline")).put("version", 0));
    }

    private static HttpResponse<String> asAdministrator(String method, String path, JsonObject body) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    /** Returns the IVR choices on the call's contact (the only contact), or null before they are stored. */
    private static JsonArray ivrChoices() {
        for (String json : server.redis().hvals("{yk}:contacts")) {
            JsonObject details = new JsonObject(json).getJsonObject("details", new JsonObject());
            JsonArray choices = details.getJsonArray("ivrChoices");
            if (choices != null) {
                return choices;
            }
        }
        return null;
    }

    private static boolean routeExists(String path) throws Exception {
        return server.send(server.request(path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .GET().build()).statusCode() != 404;
    }

    /**
     * Returns a UTC offset where it is now between noon and one o'clock. The main menu is open then on
     * every kind of day, so the IVR takes the same path whenever the test runs.
     */
    private static String noonZone() {
        return ZoneOffset.ofHours(12 - LocalTime.now(ZoneOffset.UTC).getHour()).getId();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
