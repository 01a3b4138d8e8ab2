package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.yikou.core.contact.Channel;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.GridRef;
import io.yikou.core.ticket.Location;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.core.ticket.impl.RedisTicketStore;
import io.yikou.kb.classify.ClassifierDefaults;
import io.yikou.kb.classify.ClassifierTrainer;
import io.yikou.kb.classify.LabelledText;
import io.yikou.kb.classify.ModelFile;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A whole node with the knowledge-base modules: the classify and duplicates APIs and model loading. */
class KnowledgeBaseApiIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final String TOKEN = "kb-test-token-0123456789";
    private static Path dataDir;
    private static Path modelFile;
    private static YikouServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("yikou-kb-it");
        modelFile = dataDir.resolve("classifier.model");
        ModelFile.write(new ClassifierTrainer(Clock.systemUTC()).train(examples(), ClassifierDefaults.settings(),
                "examples.csv", ""), modelFile);
        server = YikouServer.configure(env(modelFile));
        server.start().toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.stopAndWait(Duration.ofSeconds(30));
        }
        TempDirs.deleteRecursively(dataDir);
    }

    private static Map<String, String> env(Path model) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("YIKOU_REDIS_URL", redis.url());
        env.put("YIKOU_HTTP_HOST", "127.0.0.1");
        env.put("YIKOU_HTTP_PORT", Integer.toString(freePort()));
        env.put("YIKOU_DATA_DIR", dataDir.toString());
        env.put("YIKOU_ADMIN_TOKEN", TOKEN);
        env.put("YIKOU_KB_CLASSIFIER_MODEL", model.toString());
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<LabelledText> examples() {
        String[][] seeds = {
                {"城乡建设", "小区物业不修电梯，楼道漏水"}, {"城乡建设", "老旧小区屋顶防水改造什么时候开工"},
                {"城乡建设", "邻居违章搭建彩钢房挡住采光"}, {"教育文体", "孩子明年上小学，学位怎么分配"},
                {"教育文体", "学校周末组织补课并收费"}, {"教育文体", "普惠性幼儿园保教费收费标准"},
                {"卫生计生", "社区医院挂号排队太久"}, {"卫生计生", "疫苗接种在哪家卫生服务中心"},
                {"卫生计生", "药店出售过期药品"}};
        List<LabelledText> examples = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (String[] seed : seeds) {
                examples.add(new LabelledText("", seed[1] + "，第" + copy + "次反映", seed[0], 0));
            }
        }
        return examples;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> classify(String body, boolean authorised) throws Exception {
        HttpRequest.Builder builder = request("/api/v1/classify").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorised) {
            builder.header("Authorization", "Bearer " + TOKEN);
        }
        return send(builder);
    }

    @Test
    void classifySuggestsTypeAndMappedCategory() throws Exception {
        HttpResponse<String> response = classify("{\"text\":\"投诉小区物业不修电梯，楼道漏水\"}", true);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getJsonArray("types")).hasSize(3);
        assertThat(body.getJsonArray("types").getJsonObject(0).getString("code")).isEqualTo("complaint");
        JsonObject category = body.getJsonArray("categories").getJsonObject(0);
        assertThat(category.getString("label")).isEqualTo("城乡建设");
        assertThat(category.getString("code")).isEqualTo("H01");
        assertThat(body.getJsonObject("model").getInteger("trainingRows")).isEqualTo(36);
    }

    @Test
    void classifyRequiresStaffToken() throws Exception {
        assertThat(classify("{\"text\":\"路灯不亮\"}", false).statusCode()).isEqualTo(401);
    }

    @Test
    void classifyRejectsBlankAndOverlongText() throws Exception {
        HttpResponse<String> blank = classify("{\"text\":\"  \"}", true);
        HttpResponse<String> tooLong = classify("{\"text\":\"" + "长".repeat(10_001) + "\"}", true);

        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("\"field\":\"text\"").contains("required");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("too_long");
    }

    @Test
    void duplicatesListsEarlierReport() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RedisConnector connector = RedisConnector.connect(vertx, redis.url(), Duration.ofSeconds(5))) {
            RedisTicketStore tickets = new RedisTicketStore(connector, "96010", ZoneId.of("Asia/Shanghai"),
                    Duration.ofHours(1), 10_000);
            String first = create(tickets, "东四北大街32号院门口的工地每天夜里施工，噪音扰民严重");
            String second = create(tickets, "东四北大街32号院门口的工地每天夜里施工，噪音扰民严重，请处理");

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonObject body = new JsonObject(send(request("/api/v1/tickets/" + second + "/duplicates")
                        .header("Authorization", "Bearer " + TOKEN)).body());
                return body.getJsonObject("recorded") != null;
            });
            JsonObject body = new JsonObject(send(request("/api/v1/tickets/" + second + "/duplicates")
                    .header("Authorization", "Bearer " + TOKEN)).body());
            assertThat(body.getString("policy")).isEqualTo("offer");
            assertThat(body.getJsonObject("recorded").getJsonArray("matches").getJsonObject(0).getString("number"))
                    .isEqualTo(first);
            assertThat(body.getJsonArray("current").getJsonObject(0).getString("verdict")).isEqualTo("duplicate");
            assertThat(send(request("/api/v1/tickets/96010-20000101-000001/duplicates")
                    .header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(404);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static String create(RedisTicketStore tickets, String description) {
        Instant now = Instant.now();
        Ticket draft = new Ticket(null, TicketType.COMPLAINT, null, null, description,
                new Location(null, null, GridRef.NONE), List.of(Channel.WEBFORM), null, null, null,
                TicketStatus.NEW, null, null, null, now, now, 1, List.of());
        return tickets.create(draft, Optional.empty()).toCompletionStage().toCompletableFuture().join().ticket()
                .number();
    }

    @Test
    void corruptModelFileStopsStartupNamingIt() throws Exception {
        Path corrupt = dataDir.resolve("corrupt.model");
        byte[] bytes = Files.readAllBytes(modelFile);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        YikouServer broken = YikouServer.configure(env(corrupt));

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> broken.start().toCompletionStage().toCompletableFuture().join());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // Main prints the deepest cause's message, so that message must name the file and the reason.
        assertThat(root.getMessage()).contains("classifier model file " + corrupt).containsPattern("damaged|truncated|lacks");
    }
}
