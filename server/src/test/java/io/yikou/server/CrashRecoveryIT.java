package io.yikou.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.json.JsonObject;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server is killed with SIGKILL in the middle of a burst of submissions, then restarted: every
 * acknowledged ticket is present exactly once, repeats of every request find their first ticket,
 * and every ticket is routed exactly once.
 */
class CrashRecoveryIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final int REQUESTS = 300;
    private static final String CASES = "/open311/v2/requests.json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer caseSystem;
    private Path dataDir;

    @BeforeEach
    void start() throws Exception {
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .globalTemplating(true));
        caseSystem.start();
        caseSystem.stubFor(post(CASES).willReturn(aResponse().withStatus(201)
                .withBody("[{\"service_request_id\":\"SR-{{request.headers.Idempotency-Key}}\"}]")));
        dataDir = Files.createTempDirectory("yikou-crash");
    }

    @AfterEach
    void stop() throws Exception {
        caseSystem.stop();
        TempDirs.deleteRecursively(dataDir);
    }

    private Map<String, String> env() {
        return Map.of("YIKOU_REDIS_URL", REDIS.url(),
                "YIKOU_CASE_SYSTEM_TYPE", "open311",
                "YIKOU_CASE_SYSTEM_URL", "http://127.0.0.1:" + caseSystem.port() + "/open311/v2",
                "YIKOU_NODE_ID", "node-" + System.nanoTime());
    }

    private String submit(ServerProcess server, int i) throws Exception {
        String body = "{\"type\":\"complaint\",\"description\":\"突发请求 " + i + " 噪音扰民😭\",\"address\":\"东城区\","
                + "\"consent\":true}";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/reports"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "burst-" + i)
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body()).getString("number");
    }

    @Test
    void killedDuringBurstLosesNothingAndDuplicatesNothing() throws Exception {
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        try (ServerProcess first = ServerProcess.start(env(), dataDir)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                pool.submit(() -> {
                    try {
                        acknowledged.put(n, submit(first, n));
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= REQUESTS / 3);
            first.kill();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(REQUESTS / 3);

        try (ServerProcess second = ServerProcess.start(env(), dataDir)) {
            // Every acknowledged ticket is there.
            RedisClient redis = RedisClient.create(REDIS.url());
            try (var connection = redis.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                for (String number : acknowledged.values()) {
                    assertThat(commands.hexists(RedisKeys.tickets(), number)).as(number).isTrue();
                }

                // Repeating every request, acknowledged or not, finds the first ticket or creates it once.
                Map<Integer, String> afterRestart = new ConcurrentHashMap<>();
                for (int i = 0; i < REQUESTS; i++) {
                    afterRestart.put(i, submit(second, i));
                }
                acknowledged.forEach((i, number) -> assertThat(afterRestart.get(i)).as("request " + i).isEqualTo(number));
                assertThat(new HashSet<>(afterRestart.values())).hasSize(REQUESTS);
                assertThat(commands.hlen(RedisKeys.tickets())).isEqualTo(REQUESTS);

                // Every ticket gets routed, exactly once from the ticket's point of view.
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        commands.scard(RedisKeys.statusIndex(TicketStatus.ROUTED.code())) == REQUESTS);
                for (String json : commands.hvals(RedisKeys.tickets())) {
                    Ticket ticket = JsonCodec.read(json, Ticket.class);
                    assertThat(ticket.events()).filteredOn(e -> e.to() == TicketStatus.ROUTED).hasSize(1);
                    assertThat(ticket.caseRef().caseId()).isEqualTo("SR-" + ticket.number());
                }
            } finally {
                redis.shutdown();
            }
            List<LoggedRequest> posts = caseSystem.findAll(postRequestedFor(urlEqualTo(CASES)));
            Set<String> keys = posts.stream().map(r -> r.getHeader("Idempotency-Key")).collect(Collectors.toSet());
            assertThat(keys).hasSize(REQUESTS);
            // A submission interrupted by the kill is sent again with the same key, so the case system
            // can recognise it; only tickets in flight at that moment can appear twice.
            assertThat(posts.size() - keys.size()).isLessThanOrEqualTo(8);
            assertThat(second.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }
}
