package io.yikou.channels.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.yikou.channels.support.ChannelNode.await;
import static io.yikou.channels.wechat.WechatTestSupport.encrypt;
import static io.yikou.channels.wechat.WechatTestSupport.event;
import static io.yikou.channels.wechat.WechatTestSupport.image;
import static io.yikou.channels.wechat.WechatTestSupport.location;
import static io.yikou.channels.wechat.WechatTestSupport.plainQuery;
import static io.yikou.channels.wechat.WechatTestSupport.staff;
import static io.yikou.channels.wechat.WechatTestSupport.text;
import static io.yikou.channels.wechat.WechatTestSupport.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
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
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WeChat channel end to end: two nodes sharing one real Redis, real HTTP, WireMock as
 * WeChat's API.
 */
class WechatChannelIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static WireMockServer wechat;
    private static ChannelNode nodeA;
    private static ChannelNode nodeB;
    private static RedisClient probeClient;
    private static StatefulRedisConnection<String, String> probe;

    @BeforeAll
    static void start() throws Exception {
        wechat = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wechat.start();
        String streets = SharedData.root().map(root -> root.resolve("data/beijing-dongcheng-geo/dongcheng_streets_wgs84.geojson"))
                .filter(java.nio.file.Files::exists).map(Path::toString).orElse(null);
        String yaml = """
                %s
                wechat:
                  api-base-url: http://127.0.0.1:%d
                  ack-deadline: 1s
                  api-timeout: 1500ms
                  accounts:
                    - id: dongcheng
                      app-id: %s
                      app-secret: test-secret
                      token: %s
                      encoding-aes-key: %s
                      original-id: %s
                      fallback-template-id: TPL_FALLBACK
                      status-template-id: TPL_STATUS
                    - id: plain
                      app-id: wxplain000000000
                      app-secret: plain-secret
                      token: %s
                    - id: storm
                      app-id: wxstorm000000000
                      app-secret: storm-secret
                      token: %s
                    - id: rotate
                      app-id: wxrotate00000000
                      app-secret: rotate-secret
                      token: %s
                    - id: broken
                      app-id: wxbroken00000000
                      app-secret: broken-secret
                      token: %s
                conversation:
                  idle-sweep-interval: 1s
                """.formatted(streets == null ? "" : "grid:\n  streets-file: " + streets, wechat.port(),
                WechatTestSupport.APP_ID, WechatTestSupport.TOKEN, WechatTestSupport.AES_KEY,
                WechatTestSupport.ORIGINAL_ID, WechatTestSupport.TOKEN, WechatTestSupport.TOKEN,
                WechatTestSupport.TOKEN, WechatTestSupport.TOKEN);
        nodeA = ChannelNode.start(redis.url(), yaml, "node-a", new ConversationModuleProvider(),
                new WechatModuleProvider());
        nodeB = ChannelNode.start(redis.url(), yaml, "node-b", new ConversationModuleProvider(),
                new WechatModuleProvider());
        probeClient = RedisClient.create(redis.url());
        probe = probeClient.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (probe != null) {
            probe.close();
            probeClient.shutdown();
        }
        if (wechat != null) {
            wechat.stop();
        }
    }

    @BeforeEach
    void stubWechat() {
        wechat.resetAll();
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
                .willReturn(okJson("{\"access_token\":\"TOKEN-DEFAULT\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/template/send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}")));
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/media/get")).withQueryParam("media_id", equalTo("PHOTO1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withHeader("Content-Disposition", "attachment; filename=\"photo.jpg\"")
                        .withBody(WechatTestSupport.jpeg())));
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/media/get")).withQueryParam("media_id", equalTo("VOICE1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/amr")
                        .withBody(WechatTestSupport.amr())));
    }

    private static String callback(ChannelNode node, String account) {
        return node.url("/channels/wechat/" + account);
    }

    private static long contactCount() {
        return probe.sync().hlen(RedisKeys.contacts());
    }

    private static ConversationService conversations(ChannelNode node) {
        return ConversationModuleProvider.createService(node.context(), ConversationOptions.defaults());
    }

    private static Identity citizen(String openId) {
        return new Identity(IdentityKind.WECHAT_OPENID, openId, WechatTestSupport.APP_ID);
    }

    private static Optional<Conversation> openConversation(String openId) throws Exception {
        return await(conversations(nodeA).store().findOpen(Channel.WECHAT, "dongcheng", citizen(openId)));
    }

    private static List<ConversationMessage> messagesOf(String openId) throws Exception {
        Conversation conversation = openConversation(openId).orElseThrow();
        return await(conversations(nodeA).store().messages(conversation.id()));
    }

    @Test
    void urlVerificationEchoesEchostr() throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = WechatCrypto.signature(WechatTestSupport.TOKEN, timestamp, "77");
        HttpResponse<String> ok = WechatTestSupport.get(callback(nodeA, "dongcheng") + "?signature=" + signature
                + "&timestamp=" + timestamp + "&nonce=77&echostr=1616140317555161061");
        HttpResponse<String> forged = WechatTestSupport.get(callback(nodeA, "dongcheng") + "?signature=" + "0".repeat(40)
                + "&timestamp=" + timestamp + "&nonce=77&echostr=1616140317555161061");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1616140317555161061");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void textIsStoredExactlyAndAnsweredSuccess() throws Exception {
        String openId = "oTEST_citizen_emoji";
        long before = contactCount();
        HttpResponse<String> response = WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                text(openId, Instant.now().getEpochSecond(), "楼道灯坏了😭💡请尽快修", "24000000000000101"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("success");
        assertThat(contactCount()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> openConversation(openId).isPresent()
                && !messagesOf(openId).isEmpty());
        assertThat(messagesOf(openId).get(0).text()).isEqualTo("楼道灯坏了😭💡请尽快修");
    }

    @Test
    void threeSimultaneousDeliveriesMakeOneContact() throws Exception {
        String body = text("oTEST_citizen_0001", Instant.now().getEpochSecond(), "朝阳区某小区停水两天了",
                "24000000000000001");
        long before = contactCount();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            ChannelNode[] targets = {nodeA, nodeB, nodeA};
            for (ChannelNode target : targets) {
                String query = plainQuery();
                sent.add(pool.submit(() -> WechatTestSupport.post(callback(target, "dongcheng") + query, body)));
            }
            for (Future<HttpResponse<String>> response : sent) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo("success");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(contactCount()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> openConversation("oTEST_citizen_0001").isPresent());
        assertThat(messagesOf("oTEST_citizen_0001")).hasSize(1);
    }

    @Test
    void slowStorageStillAnswersSuccessInTime() throws Exception {
        String openId = "oTEST_citizen_slow";
        long before = contactCount();
        // Pausing Redis writes simulates a slow store: the ack deadline (1 s here) must respond.
        probe.sync().clientPause(2500);
        long started = System.nanoTime();
        HttpResponse<String> response = WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                text(openId, Instant.now().getEpochSecond(), "楼道灯坏了一周", "24000000000000301"));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("success");
        assertThat(response.body()).doesNotContain("<xml>");
        assertThat(elapsedMillis).isLessThan(2500);
        await().atMost(Duration.ofSeconds(10)).until(() -> contactCount() == before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> openConversation(openId).isPresent());
    }

    @Test
    void safeModeMessageDecryptsAndStores() throws Exception {
        String openId = "oTEST_citizen_aes";
        WechatTestSupport.Encrypted push = encrypt(text(openId, Instant.now().getEpochSecond(), "安全模式消息",
                "24000000000000401"), WechatTestSupport.APP_ID);
        long before = contactCount();

        HttpResponse<String> response = WechatTestSupport.post(callback(nodeA, "dongcheng") + push.query(), push.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("success");
        assertThat(contactCount()).isEqualTo(before + 1);
    }

    @Test
    void safeModeRejectionsStoreNothing() throws Exception {
        long before = contactCount();
        WechatTestSupport.Encrypted otherApp = encrypt(text("oTEST_citizen_x", Instant.now().getEpochSecond(), "x",
                "24000000000000402"), "wx0000000000000000");
        WechatTestSupport.Encrypted valid = encrypt(text("oTEST_citizen_x", Instant.now().getEpochSecond(), "x",
                "24000000000000403"), WechatTestSupport.APP_ID);
        String badSignature = valid.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=" + "1".repeat(40));
        WechatTestSupport.Encrypted xxe = encrypt(SafeXmlTest.XXE_FILE, WechatTestSupport.APP_ID);
        WechatTestSupport.Encrypted laughs = encrypt(SafeXmlTest.BILLION_LAUGHS, WechatTestSupport.APP_ID);

        assertThat(WechatTestSupport.post(callback(nodeA, "dongcheng") + otherApp.query(), otherApp.body()).statusCode())
                .isEqualTo(401);
        assertThat(WechatTestSupport.post(callback(nodeA, "dongcheng") + badSignature, valid.body()).statusCode())
                .isEqualTo(401);
        assertThat(WechatTestSupport.post(callback(nodeA, "dongcheng") + xxe.query(), xxe.body()).statusCode())
                .isEqualTo(400);
        assertThat(WechatTestSupport.post(callback(nodeA, "dongcheng") + laughs.query(), laughs.body()).statusCode())
                .isEqualTo(400);
        assertThat(contactCount()).isEqualTo(before);
    }

    @Test
    void xxeBodiesAreRejectedWithoutConnecting() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer listener = await(nodeA.vertx().createNetServer()
                .connectHandler(socket -> {
                    connections.incrementAndGet();
                    socket.close();
                })
                .listen(0, "127.0.0.1"));
        try {
            String probeXxe = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"http://127.0.0.1:" + listener.actualPort()
                    + "/xxe\">]>" + text("oTEST_citizen_0002", Instant.now().getEpochSecond(), "&x;", "24000000000000002")
                    .replace("<![CDATA[&x;]]>", "&x;");
            long before = contactCount();
            for (String body : List.of(SafeXmlTest.XXE_FILE, probeXxe, SafeXmlTest.BILLION_LAUGHS)) {
                HttpResponse<String> response = WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(), body);
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.body()).doesNotContain("lol");
            }
            assertThat(contactCount()).isEqualTo(before);
            assertThat(connections.get()).isZero();
        } finally {
            await(listener.close());
        }
    }

    @Test
    void badInputGetsClearStatuses() throws Exception {
        String url = callback(nodeA, "dongcheng");
        String body = text("oTEST_citizen_bad", Instant.now().getEpochSecond(), "x", "24000000000000501");
        String stale = "?signature=" + WechatCrypto.signature(WechatTestSupport.TOKEN, "1000", "1")
                + "&timestamp=1000&nonce=1";

        assertThat(WechatTestSupport.post(url + plainQuery(), "x".repeat(70 * 1024)).statusCode()).isEqualTo(413);
        assertThat(WechatTestSupport.post(url + stale, body).statusCode()).isEqualTo(401);
        assertThat(WechatTestSupport.post(url, body).statusCode()).isEqualTo(401);
        assertThat(WechatTestSupport.post(url + plainQuery(), "{\"not\":\"xml\"}").statusCode()).isEqualTo(400);
        assertThat(WechatTestSupport.post(url + plainQuery(), "<xml><MsgType>text</MsgType></xml>").statusCode())
                .isEqualTo(400);
        assertThat(WechatTestSupport.post(url + plainQuery(), body.replace(WechatTestSupport.ORIGINAL_ID, "gh_other"))
                .statusCode()).isEqualTo(400);
        assertThat(WechatTestSupport.post(callback(nodeA, "nosuch") + plainQuery(), body).statusCode()).isEqualTo(404);
    }

    @Test
    void quickSuccessionJoinsOneConversationInOrder() throws Exception {
        String openId = "oTEST_citizen_0006";
        long now = Instant.now().getEpochSecond();
        List<Callable<HttpResponse<String>>> sends = List.of(
                () -> WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                        text(openId, now, "小区门口井盖丢了", "24000000000000011")),
                () -> WechatTestSupport.post(callback(nodeB, "dongcheng") + plainQuery(),
                        image(openId, now, "PHOTO1", "24000000000000012")),
                () -> WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                        voice(openId, now, "VOICE1", "很危险", "24000000000000013")),
                () -> WechatTestSupport.post(callback(nodeB, "dongcheng") + plainQuery(),
                        text(openId, now, "小区门口井盖丢了", "24000000000000011")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<HttpResponse<String>> response : pool.invokeAll(sends)) {
                assertThat(response.get().body()).isEqualTo("success");
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> openConversation(openId).isPresent()
                && messagesOf(openId).size() == 3 && messagesOf(openId).get(1).attachment() != null);
        List<ConversationMessage> messages = messagesOf(openId);
        assertThat(messages).extracting(ConversationMessage::messageId)
                .containsExactly("24000000000000011", "24000000000000012", "24000000000000013");
        assertThat(messages.get(1).attachment().contentType()).isEqualTo("image/jpeg");
        assertThat(messages.get(2).attachment().contentType()).isEqualTo("audio/amr");
        assertThat(messages.get(2).text()).isEqualTo("很危险");

        String id = openConversation(openId).orElseThrow().id();
        HttpResponse<String> created = staff("POST", nodeB.url("/api/v1/conversations/" + id + "/tickets"),
                "{\"type\":\"complaint\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String number = new JsonObject(created.body()).getString("number");
        Ticket ticket = await(nodeA.context().tickets().find(number)).orElseThrow();
        assertThat(ticket.description()).isEqualTo("小区门口井盖丢了\n很危险");
        assertThat(ticket.attachments()).hasSize(2);
        assertThat(ticket.externalIds()).containsEntry("conversation", id);
        assertThat(ticket.citizenId()).isNotNull().isEqualTo(openConversation(openId).orElseThrow().citizenId());
        for (ConversationMessage message : messages) {
            assertThat(await(nodeA.context().contacts().find(message.contactId())).orElseThrow().ticketNumbers())
                    .containsExactly(number);
        }
    }

    @Test
    void reportDialogueFilesALocatedTicket() throws Exception {
        String openId = "oTEST_citizen_dialogue";
        String url = callback(nodeA, "dongcheng");
        long now = Instant.now().getEpochSecond();
        // 安定门街道's label point in GCJ-02, as WeChat's map picker reports it.
        List<String> steps = List.of(
                event(openId, now, "CLICK", "REPORT_ISSUE"),
                text(openId, now + 1, "安定门内大街路灯不亮😭", "24000000000000601"),
                location(openId, now + 2, 39.945170580551036, 116.404506389584, "安定门内大街", "24000000000000602"),
                image(openId, now + 3, "PHOTO1", "24000000000000603"),
                text(openId, now + 4, "好了", "24000000000000604"),
                text(openId, now + 5, "确认", "24000000000000605"));
        for (String step : steps) {
            assertThat(WechatTestSupport.post(url + plainQuery(), step).body()).isEqualTo("success");
            int expectedReplies = steps.indexOf(step) + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> wechat.countRequestsMatching(
                    postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                            .withRequestBody(matchingJsonPath("$.touser", equalTo(openId))).build())
                    .getCount() >= expectedReplies);
        }

        Conversation conversation = openConversation(openId).orElseThrow();
        assertThat(conversation.ticketNumbers()).hasSize(1);
        Ticket ticket = await(nodeA.context().tickets().find(conversation.ticketNumbers().get(0))).orElseThrow();
        assertThat(ticket.description()).isEqualTo("安定门内大街路灯不亮😭");
        assertThat(ticket.attachments()).hasSize(1);
        assertThat(ticket.location().address()).isEqualTo("安定门内大街");
        assertThat(ticket.location().point().lat()).isCloseTo(39.9437655, org.assertj.core.data.Offset.offset(1e-5));
        if (SharedData.root().isPresent()) {
            assertThat(ticket.location().grid().streetName()).isEqualTo("安定门街道");
        }
        wechat.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .withRequestBody(containing(ticket.number())));
    }

    @Test
    void subscribeGetsWelcome() throws Exception {
        String openId = "oTEST_citizen_follow";
        WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                event(openId, Instant.now().getEpochSecond(), "subscribe", null));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> wechat.verify(
                postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                        .withRequestBody(matchingJsonPath("$.touser", equalTo(openId)))
                        .withRequestBody(containing("96010"))));
    }

    @Test
    void twoNodesUnderLoadFetchOneToken() throws Exception {
        WechatAccount account = new WechatOptionsView(nodeA).account("storm");
        List<io.vertx.core.Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(nodeA.module(WechatModule.class).tokens().current(account));
            calls.add(nodeB.module(WechatModule.class).tokens().current(account));
        }
        for (io.vertx.core.Future<String> call : calls) {
            assertThat(await(call)).isEqualTo("TOKEN-DEFAULT");
        }

        wechat.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
    }

    @Test
    void tokenInvalidatedMidSendIsRefreshedOnce() throws Exception {
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/token")).inScenario("rotate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"T2\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send")).withQueryParam("access_token", equalTo("T1"))
                .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send")).withQueryParam("access_token", equalTo("T2"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        probe.sync().set(RedisKeys.accessToken("wechat", "rotate"), "T1");

        ConversationMessage sent = replyOn(nodeA, "rotate", "oTEST_citizen_rotate", "诉求已受理");

        assertThat(sent.delivery()).isEqualTo("sent");
        wechat.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
        wechat.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send")));
        assertThat(probe.sync().get(RedisKeys.accessToken("wechat", "rotate"))).isEqualTo("T2");
    }

    @Test
    void secondTokenRejectionStopsWithoutLooping() throws Exception {
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
                .willReturn(okJson("{\"access_token\":\"BROKEN\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));
        probe.sync().set(RedisKeys.accessToken("wechat", "broken"), "OLD");

        ConversationMessage sent = replyOn(nodeA, "broken", "oTEST_citizen_broken", "诉求已受理");

        assertThat(sent.delivery()).isEqualTo("failed");
        assertThat(sent.errorCode()).isEqualTo("40001");
        wechat.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
        wechat.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send")));
    }

    @Test
    void closedWindowFallsBackToTemplate() throws Exception {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}")));

        ConversationMessage sent = replyOn(nodeA, "dongcheng", "oTEST_citizen_window", "您的问题已转交");

        assertThat(sent.delivery()).isEqualTo("sent_template");
        wechat.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/message/template/send"))
                .withRequestBody(matchingJsonPath("$.template_id", equalTo("TPL_FALLBACK")))
                .withRequestBody(matchingJsonPath("$.data.remark.value", equalTo("您的问题已转交"))));
    }

    @Test
    void failureWithoutFallbackIsVisibleToAgent() throws Exception {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":45047,\"errmsg\":\"out of response count limit\"}")));
        String openId = "oTEST_citizen_plain";
        WechatTestSupport.post(callback(nodeA, "plain") + plainQuery(),
                text(openId, Instant.now().getEpochSecond(), "你好", "24000000000000701"));
        ConversationService service = conversations(nodeA);
        Identity sender = new Identity(IdentityKind.WECHAT_OPENID, openId, "wxplain000000000");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                await(service.store().findOpen(Channel.WECHAT, "plain", sender)).isPresent());
        Conversation conversation = await(service.store().findOpen(Channel.WECHAT, "plain", sender)).orElseThrow();

        HttpResponse<String> reply = staff("POST", nodeA.url("/api/v1/conversations/" + conversation.id() + "/replies"),
                "{\"text\":\"请提供详细地址\"}");
        HttpResponse<String> read = staff("GET", nodeA.url("/api/v1/conversations/" + conversation.id()), null);

        assertThat(reply.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(reply.body()).getString("delivery")).isEqualTo("failed");
        JsonObject body = new JsonObject(read.body());
        assertThat(body.getJsonObject("lastFailure").getString("errorCode")).isEqualTo("45047");
        JsonArray messages = body.getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("text")).isEqualTo("请提供详细地址");
    }

    @Test
    void serverErrorsAreRetriedAndTimeoutsReported() throws Exception {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(502))
                .willSetStateTo("recovered"));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send")).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

        assertThat(replyOn(nodeA, "dongcheng", "oTEST_citizen_flaky", "第一条").delivery()).isEqualTo("sent");
        wechat.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send")));

        wechat.resetAll();
        stubWechat();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send"))
                .willReturn(okJson("{\"errcode\":0}").withFixedDelay(3000)));
        ConversationMessage slow = replyOn(nodeA, "dongcheng", "oTEST_citizen_flaky", "第二条");
        assertThat(slow.delivery()).isEqualTo("failed");
        assertThat(slow.errorCode()).isEqualTo("timeout");
        wechat.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send")));
    }

    @Test
    void ticketStatusChangeSendsStatusTemplate() throws Exception {
        String openId = "oTEST_citizen_status";
        WechatTestSupport.post(callback(nodeA, "dongcheng") + plainQuery(),
                text(openId, Instant.now().getEpochSecond(), "路边垃圾没人清", "24000000000000801"));
        await().atMost(Duration.ofSeconds(10)).until(() -> openConversation(openId).isPresent());
        String id = openConversation(openId).orElseThrow().id();
        String number = new JsonObject(staff("POST", nodeA.url("/api/v1/conversations/" + id + "/tickets"),
                "{\"type\":\"complaint\"}").body()).getString("number");

        await(nodeA.context().tickets().modify(number, t -> t.transition(TicketStatus.ROUTED, Instant.now(), "test",
                null, Map.of()), "ticket.status"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> wechat.verify(
                postRequestedFor(urlPathEqualTo("/cgi-bin/message/template/send"))
                        .withRequestBody(matchingJsonPath("$.template_id", equalTo("TPL_STATUS")))
                        .withRequestBody(matchingJsonPath("$.data.keyword1.value", equalTo(number)))));
    }

    @Test
    void staffApiRequiresToken() throws Exception {
        HttpResponse<String> anonymous = WechatTestSupport.get(nodeA.url("/api/v1/conversations"));
        HttpResponse<String> listed = staff("GET", nodeA.url("/api/v1/conversations?state=open"), null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain("oTEST_citizen_emoji");
    }

    /** Opens a conversation on {@code account} by a message and replies to it through the gateway. */
    private static ConversationMessage replyOn(ChannelNode node, String account, String openId, String body)
            throws Exception {
        ConversationService service = conversations(node);
        String appId = new WechatOptionsView(node).account(account).appId();
        Identity sender = new Identity(IdentityKind.WECHAT_OPENID, openId, appId);
        ConversationMessage entry = ConversationMessage.inbound(new io.yikou.core.conversation.InboundMessage(
                Channel.WECHAT, account, sender, null, "seed", Instant.now(), MessageKind.TEXT, "text", "hi", null, null,
                null, null, null, Map.of()), null, null, null);
        Conversation conversation = await(service.store().appendInbound(Channel.WECHAT, account, sender, null, entry,
                Instant.now())).conversation();
        return await(service.reply(conversation, body, "agent-test"));
    }

    /** Builds the test accounts' records, as the module reads them from the same configuration. */
    private record WechatOptionsView(ChannelNode node) {
        WechatAccount account(String id) {
            return WechatOptions.read(new io.yikou.core.config.ConfigReader(io.yikou.core.config.ConfigSource.fromTree(
                    node.context().config() == null ? null : accountsYaml(), "view", Map.of(), List.of())))
                    .account(id).orElseThrow();
        }

        private static com.fasterxml.jackson.databind.node.ObjectNode accountsYaml() {
            return io.yikou.core.config.ConfigSource.parseYaml("""
                    wechat:
                      accounts:
                        - {id: dongcheng, app-id: %s, app-secret: s, token: %s}
                        - {id: plain, app-id: wxplain000000000, app-secret: s, token: %s}
                        - {id: storm, app-id: wxstorm000000000, app-secret: storm-secret, token: %s}
                        - {id: rotate, app-id: wxrotate00000000, app-secret: s, token: %s}
                        - {id: broken, app-id: wxbroken00000000, app-secret: s, token: %s}
                    """.formatted(WechatTestSupport.APP_ID, WechatTestSupport.TOKEN, WechatTestSupport.TOKEN,
                    WechatTestSupport.TOKEN, WechatTestSupport.TOKEN, WechatTestSupport.TOKEN));
        }
    }
}
