package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The served OpenAPI document covers every API route the server mounts. */
class OpenApiIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static YikouServer server;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("yikou-openapi");
        server = YikouServer.configure(Map.of("YIKOU_HTTP_PORT", "0", "YIKOU_HTTP_HOST", "127.0.0.1",
                "YIKOU_DATA_DIR", dataDir.toString(), "YIKOU_REDIS_URL", REDIS.url()));
        server.start().toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get();
        TempDirs.deleteRecursively(dataDir);
    }

    @Test
    void everyApiRouteIsDocumented() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject document = new JsonObject(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(document.getString("openapi")).startsWith("3.0");
        List<String> undocumented = new ArrayList<>();
        for (String path : server.routePaths()) {
            if (!path.startsWith("/api/") && !path.startsWith("/open311/") && !path.startsWith("/channels/")) {
                continue;
            }
            if (path.endsWith("/")) {
                // A prefix route such as /open311/v2/* only renders errors for the paths below it.
                continue;
            }
            // Vert.x writes path parameters as :name, OpenAPI as {name}.
            String openApiPath = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            if (!document.getJsonObject("paths").containsKey(openApiPath)) {
                undocumented.add(openApiPath);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void yamlFormIsServed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("yaml"));
        assertThat(response.body()).contains("openapi: \"3.0.3\"").contains("/api/v1/case-events");
    }
}
