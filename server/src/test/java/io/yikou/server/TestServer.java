package io.yikou.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vertx.core.json.JsonObject;
import io.yikou.testkit.TempDirs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole Yikou node for integration tests: real HTTP on a free port, the Redis of a
 * {@code RedisExtension}, a temporary data directory, and a direct Redis connection for checking
 * what was stored. Close it after the test class.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private final YikouServer server;
    private final Path dataDir;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redisConnection;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TestServer(YikouServer server, Path dataDir, String redisUrl) {
        this.server = server;
        this.dataDir = dataDir;
        this.redisClient = RedisClient.create(redisUrl);
        this.redisConnection = redisClient.connect();
    }

    /**
     * Starts a node.
     *
     * @param redisUrl the test Redis
     * @param yaml     extra configuration in YAML, or empty
     * @param env      extra environment variables
     */
    public static TestServer start(String redisUrl, String yaml, Map<String, String> env) throws Exception {
        Path dataDir = Files.createTempDirectory("yikou-it");
        Map<String, String> all = new HashMap<>(env);
        all.put("YIKOU_HTTP_HOST", "127.0.0.1");
        all.put("YIKOU_HTTP_PORT", Integer.toString(freePort()));
        all.put("YIKOU_DATA_DIR", dataDir.toString());
        all.put("YIKOU_REDIS_URL", redisUrl);
        all.put("YIKOU_ADMIN_TOKEN", ADMIN_TOKEN);
        if (!yaml.isEmpty()) {
            Path config = dataDir.resolve("yikou.yaml");
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
            all.put("YIKOU_CONFIG", config.toString());
        }
        YikouServer server = YikouServer.configure(all);
        server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return new TestServer(server, dataDir, redisUrl);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return server.httpPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    /** Returns the direct Redis commands, for checking what the server stored. */
    public RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    /** Returns the number of tickets stored. */
    public long ticketCount() {
        return redis().hlen("{yk}:tickets");
    }

    /** Returns a stored ticket as JSON. */
    public JsonObject ticket(String number) {
        String json = redis().hget("{yk}:tickets", number);
        return json == null ? null : new JsonObject(json);
    }

    /** Returns the server's base URL, such as {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Returns the node, for tests that need its configuration or routes. */
    public YikouServer node() {
        return server;
    }

    /**
     * Creates a staff account through the admin API with the service token.
     *
     * @return the account's id
     */
    public String createUser(String username, String displayName, String role, String password) throws Exception {
        JsonObject body = new JsonObject().put("username", username).put("displayName", displayName)
                .put("role", role).put("password", password);
        HttpResponse<String> response = send(request("/api/v1/admin/users")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating user " + username + " failed: " + response.statusCode() + " "
                    + response.body());
        }
        return new JsonObject(response.body()).getString("id");
    }

    /** Logs a staff member in and returns a client that carries the session cookie and CSRF token. */
    public StaffClient login(String username, String password) throws Exception {
        return StaffClient.login(this, username, password);
    }

    @Override
    public void close() throws Exception {
        redisConnection.close();
        redisClient.shutdown();
        server.stopAndWait(Duration.ofSeconds(30));
        TempDirs.deleteRecursively(dataDir);
    }
}
