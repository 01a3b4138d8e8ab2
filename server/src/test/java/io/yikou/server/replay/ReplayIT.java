package io.yikou.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.yikou.core.redis.RedisKeys;
import io.yikou.server.YikouServer;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.SharedData;
import io.yikou.testkit.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** Replays the real public datasets through a running server's web-form API. */
class ReplayIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static YikouServer server;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("yikou-replay");
        server = YikouServer.configure(Map.of("YIKOU_HTTP_PORT", "0", "YIKOU_HTTP_HOST", "127.0.0.1",
                "YIKOU_DATA_DIR", dataDir.toString(), "YIKOU_REDIS_URL", REDIS.url()));
        server.start().toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get();
        TempDirs.deleteRecursively(dataDir);
    }

    private static String replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long tickets() {
        RedisClient client = RedisClient.create(REDIS.url());
        try (var connection = client.connect()) {
            return connection.sync().hlen(RedisKeys.tickets());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void replaysMessagesAndRepeatsFileNothingTwice() {
        Path file = SharedData.require("data/teddycup2020-gov-messages/messages_labeled.csv");
        String url = "http://127.0.0.1:" + server.httpPort();
        long before = tickets();

        String first = replay(file.toString(), "--url", url, "--concurrency", "16");
        long afterFirst = tickets();
        String second = replay(file.toString(), "--url", url, "--concurrency", "16", "--limit", "300");

        assertThat(first).contains("Sent 1779 requests").contains("created     1778")
                .contains("HTTP 413 field_too_large [description:too_long]").contains("failed      0");
        assertThat(afterFirst - before).isEqualTo(1778);
        assertThat(second).contains("created     0").contains("duplicates  300");
        assertThat(tickets()).isEqualTo(afterFirst);
    }

    @Test
    void replaysUs311Export() {
        Path file = SharedData.require("data/us311-baltimore-sample/service_requests.csv");
        long before = tickets();

        String summary = replay(file.toString(), "--url", "http://127.0.0.1:" + server.httpPort(), "--limit", "1000",
                "--concurrency", "16", "--type", "help");

        assertThat(summary).contains("Sent 1000 requests").contains("created     1000").contains("failed      0");
        assertThat(tickets() - before).isEqualTo(1000);
    }

    @Test
    void unreadableJsonLinesAreCountedWithLineNumbers() throws Exception {
        Path file = Files.createTempFile(dataDir, "messages", ".jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"type\":\"help\",\"description\":\"井盖松动\",\"address\":\"东直门内大街\"}\n"
                + "not json\n"
                + "{\"id\":\"b\",\"type\":\"nonsense\",\"description\":\"x\"}\n", StandardCharsets.UTF_8);

        String summary = replay(file.toString(), "--url", "http://127.0.0.1:" + server.httpPort());

        assertThat(summary).contains("created     1").contains("line 2: not a JSON object")
                .contains("HTTP 400 validation_failed [type:unknown_type]");
    }
}
