package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messaging channels through the whole server: module discovery, a safe-mode callback, the staff API. */
class MessagingIT {

    private static final String TOKEN = "spamtest";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wx2c2769f8efd9abc2";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static WireMockServer wechat;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        wechat = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wechat.start();
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
                .willReturn(okJson("{\"access_token\":\"E2E-TOKEN\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        server = TestServer.start(redis.url(), """
                wechat:
                  api-base-url: http://127.0.0.1:%d
                  accounts:
                    - id: dongcheng
                      app-id: %s
                      app-secret: e2e-secret
                      token: %s
                      encoding-aes-key: %s
                weibo:
                  accounts:
                    - id: dongcheng
                      app-secret: weibo-secret
                """.formatted(wechat.port(), APP_ID, TOKEN, AES_KEY), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (wechat != null) {
            wechat.stop();
        }
    }

    @Test
    void safeModeCallbackReachesAgent() throws Exception {
        String openId = "oTEST_citizen_e2e";
        long now = Instant.now().getEpochSecond();
        String xml = "<xml><ToUserName><![CDATA[gh_test96010]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[胡同口路灯不亮😭]]></Content><MsgId>24000000000009001</MsgId></xml>";
        String encrypted = new WechatCrypto(AES_KEY, APP_ID).encrypt(xml);
        String timestamp = Long.toString(now);
        String query = "?timestamp=" + timestamp + "&nonce=42&encrypt_type=aes&msg_signature="
                + WechatCrypto.signature(TOKEN, timestamp, "42", encrypted);

        HttpResponse<String> callback = server.send(server.request("/channels/wechat/dongcheng" + query)
                .POST(HttpRequest.BodyPublishers.ofString("<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>",
                        StandardCharsets.UTF_8)).build());
        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).isEqualTo("success");

        await().atMost(Duration.ofSeconds(15)).until(() -> conversations().size() == 1);
        String id = conversations().getJsonObject(0).getString("id");
        HttpResponse<String> read = server.send(staff("/api/v1/conversations/" + id).GET().build());
        assertThat(new JsonObject(read.body()).getJsonArray("messages").getJsonObject(0).getString("text"))
                .isEqualTo("胡同口路灯不亮😭");

        HttpResponse<String> reply = server.send(staff("/api/v1/conversations/" + id + "/replies")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"已收到，正在处理\"}", StandardCharsets.UTF_8))
                .build());
        assertThat(reply.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(reply.body()).getString("delivery")).isEqualTo("sent");
        wechat.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .withRequestBody(matchingJsonPath("$.touser", equalTo(openId))));
    }

    @Test
    void channelRoutesAreDocumented() throws Exception {
        JsonObject paths = new JsonObject(server.get("/openapi.json").body()).getJsonObject("paths");

        assertThat(paths.containsKey("/channels/wechat/{account}")).isTrue();
        assertThat(paths.containsKey("/channels/weibo/{account}")).isTrue();
        assertThat(paths.containsKey("/api/v1/conversations/{id}/tickets")).isTrue();
    }

    private static JsonArray conversations() throws Exception {
        return new JsonObject(server.send(staff("/api/v1/conversations").GET().build()).body()).getJsonArray("items");
    }

    private static HttpRequest.Builder staff(String path) {
        return server.request(path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN);
    }
}
