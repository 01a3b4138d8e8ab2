package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged server's start-up, configuration errors and shutdown, run as a child process. */
class ServerLifecycleIT {

    private final HttpClient client = HttpClient.newHttpClient();
    private Path dataDir;

    @BeforeEach
    void createDataDir() throws Exception {
        dataDir = Files.createTempDirectory("yikou-lifecycle");
    }

    @AfterEach
    void removeDataDir() throws Exception {
        TempDirs.deleteRecursively(dataDir);
    }

    private HttpResponse<String> report(ServerProcess server, String description) throws Exception {
        String body = "{\"type\":\"help\",\"description\":\"" + description + "\",\"address\":\"东四十条\",\"consent\":true}";
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> staffGet(ServerProcess server, String path) throws Exception {
        String token = Files.readString(dataDir.resolve("admin-token")).trim();
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void invalidConfigurationStopsStartupNamingKey() throws Exception {
        Path output = Files.createTempFile("yikou-config", ".log");

        int code = ServerProcess.run(Map.of("YIKOU_HTTP_PORT", "eighty", "YIKOU_DATA_DIR", dataDir.toString()),
                output, "start");

        String text = Files.readString(output);
        assertThat(code).isEqualTo(2);
        assertThat(text).contains("http.port").contains("'eighty'").contains("YIKOU_HTTP_PORT")
                .contains("an integer from 0 to 65535");
    }

    @Test
    void sigtermStopsCleanlyAndKeepsTickets() throws Exception {
        List<String> numbers = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(Map.of(), dataDir)) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = report(server, "关机前的诉求 " + i);
                assertThat(response.statusCode()).isEqualTo(201);
                numbers.add(new io.vertx.core.json.JsonObject(response.body()).getString("number"));
            }

            int code = server.terminate(Duration.ofSeconds(60));

            assertThat(code).as("exit code after SIGTERM (143 is 128 + SIGTERM)").isIn(0, 143);
            assertThat(server.log()).contains("HTTP listener stopped").contains("Stopped module case-router")
                    .contains("Stopped redis-server").contains("stopped");
            String log = server.log();
            assertThat(log.indexOf("Stopped redis-server")).as("Redis stops after the last module")
                    .isGreaterThan(log.lastIndexOf("Stopped module"));
            assertThat(log).as("no consumer loses Redis while stopping").doesNotContain("Connection disconnected")
                    .doesNotContain("Connection closed").doesNotContain("Connection is already closed");
        }
        assertThat(dataDir.resolve("redis").resolve("redis-server.port")).doesNotExist();

        try (ServerProcess restarted = ServerProcess.start(Map.of(), dataDir)) {
            for (String number : numbers) {
                assertThat(staffGet(restarted, "/api/v1/tickets/" + number).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void redisLeftByKilledServerIsReplaced() throws Exception {
        String number;
        try (ServerProcess server = ServerProcess.start(Map.of(), dataDir)) {
            number = new io.vertx.core.json.JsonObject(report(server, "被强制结束前").body()).getString("number");
            // Let the private server's once-a-second fsync write the ticket.
            Thread.sleep(1500);
            server.kill();
        }
        assertThat(dataDir.resolve("redis").resolve("redis-server.port")).exists();

        try (ServerProcess restarted = ServerProcess.start(Map.of(), dataDir)) {
            assertThat(restarted.log()).contains("left running");
            assertThat(staffGet(restarted, "/api/v1/tickets/" + number).statusCode()).isEqualTo(200);
            assertThat(restarted.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    @Test
    void staffApiWithoutTokenIs401() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), dataDir)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/api/v1/tickets")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/api/v1/tickets")).header("Authorization", "Bearer nope").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("unauthorized").contains("未登录");
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
    }
}
