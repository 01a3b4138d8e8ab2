package io.yikou.channels.weibo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.yikou.channels.support.ChannelNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.yikou.channels.support.ChannelNode;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.Conversation;
import io.yikou.core.conversation.ConversationMessage;
import io.yikou.core.conversation.ConversationModuleProvider;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.testkit.RedisExtension;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Weibo channel end to end: real Redis, real HTTP, WireMock as Weibo's API. */
class WeiboChannelIT {

    private static final String SECRET = "weibo-app-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static WireMockServer weibo;
    private static ChannelNode node;
    private static RedisClient probeClient;
    private static StatefulRedisConnection<String, String> probe;

    @BeforeAll
    static void start() throws Exception {
        weibo = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        weibo.start();
        String yaml = """
                weibo:
                  api-base-url: http://127.0.0.1:%d
                  media-base-url: http://127.0.0.1:%d
                  accounts:
                    - id: dongcheng
                      uid: "5000000001"
                      app-secret: %s
                      access-token: weibo-token
                """.formatted(weibo.port(), weibo.port(), SECRET);
        node = ChannelNode.start(redis.url(), yaml, "weibo-node", new ConversationModuleProvider(),
                new WeiboModuleProvider());
        probeClient = RedisClient.create(redis.url());
        probe = probeClient.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (probe != null) {
            probe.close();
            probeClient.shutdown();
        }
        if (weibo != null) {
            weibo.stop();
        }
    }

    @BeforeEach
    void stubWeibo() {
        weibo.resetAll();
        weibo.stubFor(post(urlPathEqualTo("/2/messages/reply.json")).willReturn(okJson("{\"result\":true}")));
        weibo.stubFor(get(urlPathEqualTo("/2/mss/msget")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3})));
    }

    private static String signedQuery() {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = Long.toString(System.nanoTime());
        return "?signature=" + WechatCrypto.signature(SECRET, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce;
    }

    private static HttpResponse<String> push(String query, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/channels/weibo/dongcheng") + query))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static ConversationService conversations() {
        return ConversationModuleProvider.createService(node.context(), ConversationOptions.defaults());
    }

    private static Optional<Conversation> open(String uid) throws Exception {
        return await(conversations().store().findOpen(Channel.WEIBO, "dongcheng",
                new Identity(IdentityKind.WEIBO_UID, uid, null)));
    }

    private static String text(String sender, String body) {
        return "{\"type\":\"text\",\"receiver_id\":5000000001,\"sender_id\":" + sender + ",\"created_at\":\""
                + java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", java.util.Locale.US)
                        .format(java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Shanghai")))
                + "\",\"text\":\"" + body + "\",\"data\":{}}";
    }

    @Test
    void verificationEchoesWithAppSecretSignature() throws Exception {
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/channels/weibo/dongcheng")
                + signedQuery() + "&echostr=abc123")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/channels/weibo/dongcheng")
                + "?signature=" + "0".repeat(40) + "&timestamp=" + Instant.now().getEpochSecond()
                + "&nonce=1&echostr=abc123")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("abc123");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void textPushIsStoredOnceAndAnsweredEmpty() throws Exception {
        String body = text("9007199254740993", "楼下噪音扰民🌙");
        long before = probe.sync().hlen(RedisKeys.contacts());

        HttpResponse<String> first = push(signedQuery(), body);
        HttpResponse<String> repeat = push(signedQuery(), body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEmpty();
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(probe.sync().hlen(RedisKeys.contacts())).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> open("9007199254740993").isPresent());
        List<ConversationMessage> messages = await(conversations().store().messages(open("9007199254740993")
                .orElseThrow().id()));
        assertThat(messages.get(0).text()).isEqualTo("楼下噪音扰民🌙");
    }

    @Test
    void mentionBecomesTicketWithExactKey() throws Exception {
        String template = "{\"ToUserName\":\"5000000001\",\"FromUserName\":\"6000000001\",\"CreateTime\":\"%d\","
                + "\"MsgType\":\"mention\",\"Content\":\"@北京12345 西城区某路口信号灯坏了\",\"SubType\":\"status\","
                + "\"Key\":%s}";
        long now = Instant.now().getEpochSecond();
        assertThat(push(signedQuery(), template.formatted(now, "\"4983234567890123457\"")).statusCode()).isEqualTo(200);
        assertThat(push(signedQuery(), template.formatted(now + 1, "4983234567890123457")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> open("6000000001").isPresent()
                && open("6000000001").get().ticketNumbers().size() == 2);
        for (String number : open("6000000001").get().ticketNumbers()) {
            Ticket ticket = await(node.context().tickets().find(number)).orElseThrow();
            assertThat(ticket.channels()).containsExactly(Channel.WEIBO);
            assertThat(ticket.externalIds()).containsEntry("weibo.mention.key", "4983234567890123457");
            assertThat(ticket.externalIds()).containsEntry("weibo.sender", "6000000001");
            assertThat(probe.sync().hget(RedisKeys.tickets(), number)).contains("\"4983234567890123457\"");
        }
    }

    @Test
    void followIsAcceptedWithoutTicket() throws Exception {
        long tickets = probe.sync().hlen(RedisKeys.tickets());
        HttpResponse<String> response = push(signedQuery(), "{\"ToUserName\":\"5000000001\",\"FromUserName\":\"6000000002\","
                + "\"CreateTime\":\"" + Instant.now().getEpochSecond() + "\",\"MsgType\":\"follow\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> weibo.verify(
                postRequestedFor(urlPathEqualTo("/2/messages/reply.json")).withRequestBody(containing("receiver_id=6000000002"))));
        assertThat(probe.sync().hlen(RedisKeys.tickets())).isEqualTo(tickets);
    }

    @Test
    void garbageAndForgeriesAreRejected() throws Exception {
        long before = probe.sync().hlen(RedisKeys.contacts());

        assertThat(push(signedQuery(), "{garbage").statusCode()).isEqualTo(400);
        assertThat(push(signedQuery(), "<xml><MsgType>text</MsgType></xml>").statusCode()).isEqualTo(400);
        assertThat(push(signedQuery(), "{\"type\":\"text\",\"sender_id\":1.5e3}").statusCode()).isEqualTo(400);
        assertThat(push(signedQuery(), text("1", "x").replace("5000000001", "5000000009")).statusCode()).isEqualTo(400);
        assertThat(push("?signature=" + "0".repeat(40) + "&timestamp=" + Instant.now().getEpochSecond() + "&nonce=1",
                text("1", "x")).statusCode()).isEqualTo(401);
        assertThat(push(signedQuery(), "{\"t\":\"" + "x".repeat(70 * 1024) + "\"}").statusCode()).isEqualTo(413);
        assertThat(probe.sync().hlen(RedisKeys.contacts())).isEqualTo(before);
    }

    @Test
    void agentReplyGoesThroughReplyApi() throws Exception {
        push(signedQuery(), text("2489518277", "请问办证要带什么"));
        await().atMost(Duration.ofSeconds(10)).until(() -> open("2489518277").isPresent());

        ConversationMessage sent = await(conversations().reply(open("2489518277").orElseThrow(), "请携带身份证原件", "agent"));

        assertThat(sent.delivery()).isEqualTo("sent");
        weibo.verify(postRequestedFor(urlPathEqualTo("/2/messages/reply.json"))
                .withRequestBody(containing("receiver_id=2489518277"))
                .withRequestBody(containing("type=text")));
        String form = weibo.findAll(postRequestedFor(urlPathEqualTo("/2/messages/reply.json"))).get(0).getBodyAsString();
        assertThat(URLDecoder.decode(form, StandardCharsets.UTF_8)).contains("{\"text\":\"请携带身份证原件\"}");
    }
}
