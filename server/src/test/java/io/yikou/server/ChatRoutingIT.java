package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.kb.classify.CategoryModel;
import io.yikou.kb.classify.ClassifierDefaults;
import io.yikou.kb.classify.ClassifierTrainer;
import io.yikou.kb.classify.LabelledText;
import io.yikou.kb.classify.ModelFile;
import io.yikou.testkit.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queue choice by language and category group on a whole node. A signed WeChat callback opens a
 * conversation. The knowledge-base module classifies its text with a model trained here and read
 * from a model file, and the ACD puts the conversation in the queue that matches.
 */
class ChatRoutingIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String WECHAT_TOKEN = "routingtest";
    private static final String APP_ID = "wx2c2769f8efd9abc3";

    private static WechatStub wechat;
    private static TestServer server;
    private static Path modelFile;

    @BeforeAll
    static void start() throws Exception {
        modelFile = Files.createTempFile("routing-classifier", ".model");
        CategoryModel model = new ClassifierTrainer(Clock.systemUTC()).train(examples(), ClassifierDefaults.settings(),
                "routing-examples.csv", "");
        ModelFile.write(model, modelFile);
        wechat = WechatStub.start(WECHAT_TOKEN, APP_ID, 24_000_000_000_200_000L);
        server = TestServer.start(REDIS.url(), """
                %s
                kb:
                  classifier:
                    model-file: %s
                """.formatted(wechat.configuration(), modelFile), Map.of());
        createQueue("zh-building", 10, List.of("zh"), List.of("H01"));
        createQueue("en-chat", 20, List.of("en"), List.of());
        createQueue("all-chat", 30, List.of(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (wechat != null) {
            wechat.close();
        }
        Files.deleteIfExists(modelFile);
    }

    /** Returns a small labelled set with distinct vocabulary per hotline topic. The label 城乡建设 maps to category H01. */
    private static List<LabelledText> examples() {
        String[][] seeds = {
                {"城乡建设", "楼道漏水，物业公司拖着不修，电梯也经常停运"},
                {"城乡建设", "我们小区的屋顶防水和外墙改造什么时候开工"},
                {"城乡建设", "邻居在院子里违章搭建彩钢房，挡住了采光"},
                {"教育文体", "户籍在本区，孩子明年上小学，学位怎么分配"},
                {"教育文体", "学校组织周末补课并收费，家长很有意见"},
                {"教育文体", "普惠性幼儿园的收费标准是多少，保教费能否退"},
                {"卫生计生", "社区医院挂号排队太久，医生态度也不好"},
                {"卫生计生", "孩子的疫苗接种在哪家卫生服务中心可以打"},
                {"卫生计生", "药店出售过期药品，食品药品监管部门请查处"},
        };
        List<LabelledText> examples = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (String[] seed : seeds) {
                examples.add(new LabelledText("", seed[1] + "。第" + copy + "次反映。", seed[0], 0));
            }
        }
        return examples;
    }

    private static void createQueue(String id, int order, List<String> languages, List<String> groups)
            throws Exception {
        HttpResponse<String> created = server.send(server.request("/api/v1/admin/queues")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("id", id).put("name", id)
                        .put("order", order)
                        .put("match", new JsonObject().put("channels", new JsonArray().add("wechat"))
                                .put("languages", new JsonArray(languages)).put("categoryGroups", new JsonArray(groups)))
                        .put("requiredSkills", new JsonArray().add("queue:" + id)).encode()))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** Sends a signed, encrypted WeChat text message as the platform would. */
    private static void citizenWrites(String openId, String text) throws Exception {
        HttpResponse<String> callback = wechat.sendText(server, openId, text);
        assertThat(callback.statusCode()).isEqualTo(200);
    }

    private static List<String> waiting(String queue) {
        return server.redis().zrange("{ykr}:q:" + queue + ":wait", 0, -1);
    }

    @Test
    void chineseBuildingComplaintReachesCategoryQueue() throws Exception {
        citizenWrites("oROUTE-ZH", "楼道漏水，物业公司一直拖着不修，电梯也停运了");

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting("zh-building").size() == 1);
        String id = waiting("zh-building").get(0);
        Map<String, String> routing = server.redis().hgetall("{ykr}:conv:" + id);
        assertThat(routing).containsEntry("language", "zh").containsEntry("categoryGroup", "H01")
                .containsEntry("status", "waiting");
        assertThat(waiting("all-chat")).doesNotContain(id);
    }

    @Test
    void englishMessageReachesEnglishQueue() throws Exception {
        citizenWrites("oROUTE-EN", "Hello, the street light at the hutong entrance has been off for three days");

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting("en-chat").size() == 1);
        String id = waiting("en-chat").get(0);
        assertThat(server.redis().hgetall("{ykr}:conv:" + id)).containsEntry("language", "en")
                .containsEntry("queue", "en-chat");
    }
}
