package io.yikou.kb.api;

import static io.yikou.kb.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.yikou.kb.Http;
import io.yikou.kb.KbNode;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node configured for an Elasticsearch cluster that does not respond. */
class UnreachableElasticsearchIT {

    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static Path dir;
    private static KbNode node;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kb-es-down");
        // Port 1 on loopback: nothing listens there, so every connection is refused at once.
        node = KbNode.start(redisServer.url(), dir, "node-es-down", """
                backend: elasticsearch
                elasticsearch:
                  urls: http://127.0.0.1:1
                  timeout: 2s
                demo-content: false
                history:
                  enabled: false
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void searchAnswersServiceUnavailable() throws Exception {
        Http.Reply reply = new Http(node.port()).get("/api/v1/kb/search?q=" + enc("供暖"));
        assertThat(reply.status()).isEqualTo(503);
        JsonObject error = reply.json().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("kb_unavailable");
        assertThat(error.getString("message")).contains("elasticsearch").contains("暂时无法连接");
    }

    @Test
    void healthShowsBackendDown() throws Exception {
        JsonObject health = KbNode.await(node.module().health());
        assertThat(health.getString("status")).isEqualTo("down");
        assertThat(health.getString("backend")).isEqualTo("elasticsearch");
        assertThat(health.getString("error")).contains("cannot reach").contains("127.0.0.1:1");
    }
}
