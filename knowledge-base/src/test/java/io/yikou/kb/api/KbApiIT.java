package io.yikou.kb.api;

import static io.yikou.kb.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.kb.Http;
import io.yikou.kb.KbNode;
import io.yikou.kb.article.KbKeys;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KbApiIT {

    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static Path dir;
    private static KbNode node;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kb-api-it");
        node = KbNode.start(redisServer.url(), dir.resolve("a"), "node-a", "demo-content: true");
        http = new Http(node.port());
        String articles = """
                {"id":"d1","title":"海淀区学院路供暖故障报修流程","body":"供暖季家中暖气不热，可先排查阀门。","category":"冬季供暖"}
                {"id":"d2","title":"海淀區學院路停水公告","body":"學院路沿线临时停水。"}
                {"id":"d3","title":"热线服务","body":"拨打１２３４５热线反映问题。"}
                """;
        assertThat(http.post("/api/v1/kb/import?name=b16.jsonl", "application/x-ndjson", articles).status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        TempDirs.deleteRecursively(dir);
    }

    private static JsonArray hits(String query) throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/search?q=" + enc(query));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json().getJsonArray("hits");
    }

    private static List<String> ids(String query) throws Exception {
        return hits(query).stream().map(h -> ((JsonObject) h).getString("id")).toList();
    }

    @Test
    void starterArticlesLoadedOnFirstStart() throws Exception {
        assertThat(ids("暖气不热")).contains("heating-not-warm");
        assertThat(ids("小广告")).first().isEqualTo("community-small-ads");
        assertThat(ids("96010")).contains("hotline-about");
    }

    @Test
    void traditionalQueryRanksSimplifiedFirst() throws Exception {
        assertThat(ids("學院路 供暖").get(0)).isEqualTo("d1");
        assertThat(ids("学院路供暖").get(0)).isEqualTo("d1");
    }

    @Test
    void highlightOffsetsPointIntoOriginal() throws Exception {
        JsonObject d2 = hits("学院路").stream().map(JsonObject.class::cast)
                .filter(h -> h.getString("id").equals("d2")).findFirst().orElseThrow();
        JsonObject title = d2.getJsonObject("highlight").getJsonObject("title");
        assertThat(title.getString("html")).isEqualTo("海淀區<em>學院路</em>停水公告");
        assertThat(title.getJsonArray("spans")).isEqualTo(new JsonArray().add(new JsonArray().add(3).add(6)));

        JsonObject d3 = hits("12345").getJsonObject(0);
        assertThat(d3.getJsonObject("highlight").getJsonArray("body").getJsonObject(0).getString("html"))
                .isEqualTo("拨打<em>１２３４５</em>热线反映问题。");
    }

    @Test
    void emptyQueryRejectedInChinese() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/search?q=%20%20");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonObject("error").getString("code")).isEqualTo("kb_query_empty");
        assertThat(reply.json().getJsonObject("error").getString("message")).isEqualTo("请输入要搜索的内容。");
        assertThat(http.get("/api/v1/kb/search").status()).isEqualTo(400);
    }

    @Test
    void overLongQueryRejected() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/search?q=" + enc("停水".repeat(150)));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonObject("error").getString("code")).isEqualTo("kb_query_too_long");
        assertThat(reply.json().getJsonObject("error").getString("message")).contains("200").contains("300");
    }

    @Test
    void querySyntaxNeverFails() throws Exception {
        for (String q : new String[] {"供暖 AND (", "title:\"暖气", "*", "?", "[a TO b]", "\\", "+-!&&||^~", "{}", "/"}) {
            assertThat(http.get("/api/v1/kb/search?q=" + enc(q)).status()).as(q).isEqualTo(200);
        }
    }

    @Test
    void emojiSearchSucceeds() throws Exception {
        assertThat(http.get("/api/v1/kb/search?q=" + enc("楼道灯坏了😭💡请尽快修")).status()).isEqualTo(200);
        assertThat(ids("楼道灯坏了😭💡请尽快修")).contains("community-streetlight");
    }

    @Test
    void pagingAndFilters() throws Exception {
        Http.Reply first = http.get("/api/v1/kb/search?q=" + enc("供暖") + "&size=2&page=1");
        Http.Reply second = http.get("/api/v1/kb/search?q=" + enc("供暖") + "&size=2&page=2");
        assertThat(first.json().getJsonArray("hits")).hasSize(2);
        assertThat(second.json().getLong("total")).isEqualTo(first.json().getLong("total"));
        assertThat(second.json().getJsonArray("hits").getJsonObject(0).getString("id"))
                .isNotIn(first.json().getJsonArray("hits").stream().map(h -> ((JsonObject) h).getString("id")).toList());
        Http.Reply filtered = http.get("/api/v1/kb/search?q=" + enc("供暖") + "&category=" + enc("冬季供暖"));
        assertThat(filtered.json().getJsonArray("hits").stream().map(h -> ((JsonObject) h).getString("category")))
                .containsOnly("冬季供暖");
        assertThat(http.get("/api/v1/kb/search?q=a&size=500").status()).isEqualTo(400);
    }

    @Test
    void suggestAndRelated() throws Exception {
        Http.Reply suggest = http.get("/api/v1/kb/suggest?q=" + enc("老楼加"));
        assertThat(suggest.json().getJsonArray("suggestions").getJsonObject(0).getString("id"))
                .isEqualTo("old-compound-elevator");
        Http.Reply related = http.post("/api/v1/kb/related", "application/json",
                new JsonObject().put("text", "来电人称夜里工地一直在施工，噪音太大睡不着，希望管一管").encode());
        assertThat(related.status()).isEqualTo(200);
        assertThat(related.json().getJsonArray("related").getJsonObject(0).getString("id"))
                .isEqualTo("noise-construction");
    }

    @Test
    void createUpdateRetireCycle() throws Exception {
        JsonObject article = new JsonObject().put("id", "temp-notice").put("title", "东四街道临时停车管制通知")
                .put("body", "东四北大街施工期间临时停车管制。").put("category", "停车管理").put("tags", new JsonArray().add("管制"));
        Http.Reply created = http.post("/api/v1/kb/articles", "application/json", article.encode());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().getLong("version")).isEqualTo(1);
        assertThat(http.post("/api/v1/kb/articles", "application/json", article.encode()).status()).isEqualTo(409);
        assertThat(ids("东四北大街")).contains("temp-notice");

        Http.Reply updated = http.put("/api/v1/kb/articles/temp-notice",
                article.copy().put("body", "东四北大街施工结束，恢复正常停车。").put("version", 1).encode());
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().getLong("version")).isEqualTo(2);
        Http.Reply stale = http.put("/api/v1/kb/articles/temp-notice", article.copy().put("version", 1).encode());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().getJsonObject("error").getString("code")).isEqualTo("kb_article_conflict");

        Http.Reply retired = http.post("/api/v1/kb/articles/temp-notice/retire", "application/json", "{\"version\":2}");
        assertThat(retired.status()).isEqualTo(200);
        assertThat(ids("东四北大街")).doesNotContain("temp-notice");
        assertThat(http.get("/api/v1/kb/articles/temp-notice").json().getBoolean("retired")).isTrue();
    }

    @Test
    void invalidArticleListsFields() throws Exception {
        Http.Reply reply = http.post("/api/v1/kb/articles", "application/json",
                new JsonObject().put("id", "bad id").put("validFrom", "2026-02-30").encode());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonObject("error").getJsonArray("fields").stream()
                .map(f -> ((JsonObject) f).getString("field")).toList())
                .contains("id", "title", "body", "valid_from");
    }

    @Test
    void brokenImportStoresNothing() throws Exception {
        String csv = "id,title,body\nok-1,正常文章,正文\nok-2,,缺标题\nok-3,另一篇,\"未闭合\n";
        Http.Reply reply = http.post("/api/v1/kb/import?name=bad.csv", "text/csv", csv);
        assertThat(reply.status()).isEqualTo(400);
        JsonObject error = reply.json().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("kb_import_failed");
        assertThat(error.getJsonArray("fields").getJsonObject(0).getString("message")).startsWith("第3行");
        assertThat(http.get("/api/v1/kb/articles/ok-1").status()).isEqualTo(404);
        assertThat(http.post("/api/v1/kb/import", "text/plain", "x").status()).isEqualTo(415);
    }

    @Test
    void feedbackStoredAndCounted() throws Exception {
        Http.Reply reply = http.post("/api/v1/kb/articles/heating-not-warm/feedback", "application/json",
                new JsonObject().put("query", "暖气不热").put("useful", true).encode());
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().getLong("useful")).isGreaterThanOrEqualTo(1);
        String votes = node.context().redis().async().hget(KbKeys.votes(), "heating-not-warm:up").get();
        assertThat(Long.parseLong(votes)).isGreaterThanOrEqualTo(1);
        assertThat(node.context().redis().async().xlen(KbKeys.feedback()).get()).isGreaterThanOrEqualTo(1);
        assertThat(http.post("/api/v1/kb/articles/nope/feedback", "application/json", "{\"useful\":false}").status())
                .isEqualTo(404);
    }

    @Test
    void overdueReviewsListed() throws Exception {
        JsonObject article = new JsonObject().put("id", "old-review").put("title", "需要复核的旧文章").put("body", "内容")
                .put("owner", "李编辑").put("reviewDue", "2020-01-01");
        assertThat(http.post("/api/v1/kb/articles", "application/json", article.encode()).status()).isEqualTo(201);
        Http.Reply reply = http.get("/api/v1/kb/reviews/overdue?owner=" + enc("李编辑"));
        assertThat(reply.json().getJsonArray("overdue").getJsonObject(0).getString("id")).isEqualTo("old-review");
        assertThat(reply.json().getJsonArray("overdue")).hasSize(1);
    }

    @Test
    void secondNodeFollowsChanges() throws Exception {
        try (KbNode other = KbNode.start(redisServer.url(), dir.resolve("b"), "node-b", "demo-content: true")) {
            Http otherHttp = new Http(other.port());
            JsonObject article = new JsonObject().put("id", "cross-node").put("title", "和平里街道便民服务点搬迁")
                    .put("body", "服务点迁至新址。");
            assertThat(http.post("/api/v1/kb/articles", "application/json", article.encode()).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Http.Reply reply = otherHttp.get("/api/v1/kb/search?q=" + enc("和平里便民服务点"));
                assertThat(reply.json().getJsonArray("hits").getJsonObject(0).getString("id")).isEqualTo("cross-node");
            });
        }
    }

    @Test
    void healthReportsBackend() throws Exception {
        JsonObject health = KbNode.await(node.module().health());
        assertThat(health.getString("status")).isEqualTo("ok");
        assertThat(health.getString("backend")).isEqualTo("lucene");
        assertThat(health.getLong("articles")).isGreaterThanOrEqualTo(40);
    }

    @Test
    void unauthenticatedRequestRejected() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + node.port() + "/api/v1/kb/search?q=a")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
