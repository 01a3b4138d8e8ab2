package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WireMock on loopback standing in for the WeChat API, where the token and customer-service send
 * endpoints return success. It also plays a citizen of one safe-mode account, sending text messages
 * signed and encrypted as the platform does. Server tests that open conversations share it.
 */
public final class WechatStub implements AutoCloseable {

    /** The account id the stub's configuration block declares. */
    public static final String ACCOUNT = "dongcheng";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private final WireMockServer api;
    private final String token;
    private final String appId;
    private final AtomicLong messageIds;

    private WechatStub(WireMockServer api, String token, String appId, long firstMessageId) {
        this.api = api;
        this.token = token;
        this.appId = appId;
        this.messageIds = new AtomicLong(firstMessageId);
    }

    /**
     * Starts the API stand-in. Give each test class its own {@code firstMessageId} range, so message
     * ids never repeat between classes sharing a Redis.
     */
    public static WechatStub start(String token, String appId, long firstMessageId) {
        WireMockServer api = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
                .willReturn(okJson("{\"access_token\":\"STUB-TOKEN\",\"expires_in\":7200}")));
        api.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        return new WechatStub(api, token, appId, firstMessageId);
    }

    /** Returns the WireMock server, for checking what was sent to WeChat. */
    public WireMockServer api() {
        return api;
    }

    /** Returns the top-level {@code wechat:} configuration block for one safe-mode account. */
    public String configuration() {
        return """
                wechat:
                  api-base-url: http://127.0.0.1:%d
                  accounts:
                    - id: %s
                      app-id: %s
                      app-secret: stub-secret
                      token: %s
                      encoding-aes-key: %s
                """.formatted(api.port(), ACCOUNT, appId, token, AES_KEY);
    }

    /** Sends a signed, encrypted text message from {@code openId} as WeChat would. */
    public HttpResponse<String> sendText(TestServer server, String openId, String text) throws Exception {
        long now = Instant.now().getEpochSecond();
        String xml = "<xml><ToUserName><![CDATA[gh_test96010]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + text + "]]></Content><MsgId>" + messageIds.incrementAndGet()
                + "</MsgId></xml>";
        String encrypted = new WechatCrypto(AES_KEY, appId).encrypt(xml);
        String timestamp = Long.toString(now);
        String query = "?timestamp=" + timestamp + "&nonce=7&encrypt_type=aes&msg_signature="
                + WechatCrypto.signature(token, timestamp, "7", encrypted);
        return server.send(server.request("/channels/wechat/" + ACCOUNT + query)
                .POST(HttpRequest.BodyPublishers.ofString("<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>",
                        StandardCharsets.UTF_8)).build());
    }

    @Override
    public void close() {
        api.stop();
    }
}
