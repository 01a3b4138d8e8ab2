package io.yikou.core.casesystem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.yikou.core.contact.Channel;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The case router against WireMock standing in for an Open311 case system, on a real Redis. */
class CaseRouterIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String REQUESTS = "/open311/v2/requests.json";
    private static WireMockServer caseSystem;

    private CoreServices services;
    private CaseRouterModule module;
    private HttpServer http;

    @BeforeAll
    static void startCaseSystem() {
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        caseSystem.start();
    }

    @AfterAll
    static void stopCaseSystem() {
        caseSystem.stop();
    }

    @AfterEach
    void stopRouter() throws Exception {
        if (module != null) {
            Await.result(module.stop());
        }
        if (http != null) {
            Await.result(http.close());
        }
        if (services != null) {
            services.flushAll();
            services.close();
        }
        caseSystem.resetAll();
    }

    private void startRouter(String extraYaml) throws Exception {
        String yaml = "case-system:\n"
                + "  type: open311\n"
                + "  url: http://127.0.0.1:" + caseSystem.port() + "/open311/v2\n"
                + "  api-key: key-123\n"
                + "  timeout: 3s\n"
                + "  backoff-initial: 20ms\n"
                + "  backoff-max: 100ms\n"
                + "  max-attempts: 4\n"
                + "  claim-idle: 1s\n"
                + "  webhook-secret: case-events-secret-0123456789\n"
                + extraYaml;
        services = CoreServices.start(REDIS.url(), yaml, Map.of(), Clock.systemUTC());
        module = new CaseRouterModule(services.context());
        Router router = Router.router(services.vertx());
        router.route().handler(BodyHandler.create());
        module.mount(router);
        router.route().failureHandler(services.context().errors());
        http = Await.result(services.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        Await.result(module.start());
    }

    private Ticket submit(String description) {
        TicketDraft draft = new TicketDraft(Channel.WEBFORM, TicketType.COMPLAINT, "E0201", description, "北新桥三条8号",
                new GeoPoint(39.93, 116.41), List.of(), new Reporter("张三", "13800001234"), Map.of(), false);
        return Await.result(services.context().intake().submit(draft, "test", null)).ticket();
    }

    private Ticket awaitStatus(String number, TicketStatus status) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Await.result(services.context().tickets().find(number)).orElseThrow().status() == status);
        return Await.result(services.context().tickets().find(number)).orElseThrow();
    }

    private static void stubCreated(String id) {
        caseSystem.stubFor(post(REQUESTS).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"service_request_id\":\"" + id + "\",\"service_notice\":\"已受理\"}]")));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    @Test
    void routesTicketWithIdempotencyKey() throws Exception {
        stubCreated("SR-0001");
        startRouter("");

        Ticket ticket = submit("楼道里贴满小广告😭");
        Ticket routed = awaitStatus(ticket.number(), TicketStatus.ROUTED);

        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0001");
        assertThat(routed.caseRef().notice()).isEqualTo("已受理");
        List<LoggedRequest> requests = caseSystem.findAll(postRequestedFor(urlEqualTo(REQUESTS)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo(ticket.number());
        Map<String, String> form = form(requests.get(0));
        assertThat(form).containsEntry("attribute[external_id]", ticket.number())
                .containsEntry("api_key", "key-123")
                .containsEntry("service_code", "E0201")
                .containsEntry("description", "楼道里贴满小广告😭")
                .containsEntry("lat", "39.93")
                .containsEntry("phone", "13800001234");
    }

    @Test
    void serverErrorIsRetriedUntilSuccess() throws Exception {
        caseSystem.stubFor(post(REQUESTS).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("down")).willSetStateTo("recovered"));
        caseSystem.stubFor(post(REQUESTS).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201).withBody("[{\"service_request_id\":\"SR-0002\"}]")));
        startRouter("");

        Ticket routed = awaitStatus(submit("路灯不亮").number(), TicketStatus.ROUTED);

        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0002");
        assertThat(routed.routing().attempts()).isEqualTo(2);
        assertThat(routed.events()).extracting(e -> e.kind()).contains("routing_attempt_failed");
        caseSystem.verify(2, postRequestedFor(urlEqualTo(REQUESTS)));
    }

    @Test
    void timeoutIsRetried() throws Exception {
        caseSystem.stubFor(post(REQUESTS).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withFixedDelay(8000)
                        .withBody("[{\"service_request_id\":\"SR-SLOW\"}]"))
                .willSetStateTo("fast"));
        caseSystem.stubFor(post(REQUESTS).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(201).withBody("[{\"service_request_id\":\"SR-0003\"}]")));
        startRouter("");

        Ticket routed = awaitStatus(submit("井盖丢失").number(), TicketStatus.ROUTED);

        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0003");
        assertThat(routed.events()).filteredOn(e -> e.kind().equals("routing_attempt_failed"))
                .first().satisfies(e -> assertThat(e.detail()).contains("timed out"));
    }

    @Test
    void clientErrorMarksRoutingFailedAndRetryWorks() throws Exception {
        caseSystem.stubFor(post(REQUESTS).willReturn(aResponse().withStatus(400)
                .withBody("[{\"code\":400,\"description\":\"service_code E0201 is not enabled\"}]")));
        startRouter("");

        Ticket ticket = submit("占道经营");
        Ticket failed = awaitStatus(ticket.number(), TicketStatus.ROUTING_FAILED);

        assertThat(failed.routing().lastError()).contains("HTTP 400").contains("service_code E0201 is not enabled");
        caseSystem.verify(1, postRequestedFor(urlEqualTo(REQUESTS)));

        WebClient client = WebClient.create(services.vertx());
        var list = Await.result(client.get(http.actualPort(), "127.0.0.1", "/api/v1/routing-failures")
                .bearerTokenAuthentication(CoreServices.ADMIN_TOKEN).send());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.bodyAsJsonObject().getJsonArray("failures").getJsonObject(0).getString("number"))
                .isEqualTo(ticket.number());

        caseSystem.resetAll();
        stubCreated("SR-0004");
        var retry = Await.result(client.post(http.actualPort(), "127.0.0.1",
                        "/api/v1/routing-failures/" + ticket.number() + "/retry")
                .bearerTokenAuthentication(CoreServices.ADMIN_TOKEN).send());
        assertThat(retry.statusCode()).isEqualTo(202);

        Ticket routed = awaitStatus(ticket.number(), TicketStatus.ROUTED);
        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0004");
    }

    @Test
    void retryOfRoutedTicketIsRefused() throws Exception {
        stubCreated("SR-0005");
        startRouter("");
        Ticket ticket = submit("噪音扰民");
        awaitStatus(ticket.number(), TicketStatus.ROUTED);

        var retry = Await.result(WebClient.create(services.vertx()).post(http.actualPort(), "127.0.0.1",
                        "/api/v1/routing-failures/" + ticket.number() + "/retry")
                .bearerTokenAuthentication(CoreServices.ADMIN_TOKEN).send());

        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("ticket_not_retryable");
    }

    @Test
    void routingFailuresNeedToken() throws Exception {
        startRouter("");

        var response = Await.result(WebClient.create(services.vertx())
                .get(http.actualPort(), "127.0.0.1", "/api/v1/routing-failures").send());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void exhaustedAttemptsMarkRoutingFailed() throws Exception {
        caseSystem.stubFor(post(REQUESTS).willReturn(aResponse().withStatus(503)));
        startRouter("");

        Ticket failed = awaitStatus(submit("积水").number(), TicketStatus.ROUTING_FAILED);

        assertThat(failed.routing().attempts()).isEqualTo(4);
        assertThat(failed.routing().lastError()).startsWith("gave up after 4 attempts");
        caseSystem.verify(4, postRequestedFor(urlEqualTo(REQUESTS)));
    }

    @Test
    void routingFailureIsPushedToWallboard() throws Exception {
        caseSystem.stubFor(post(REQUESTS).willReturn(aResponse().withStatus(503)));
        startRouter("");
        java.util.List<io.yikou.core.push.PushEvent> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
        var subscription = services.redis().pubSub("test pushes");
        subscription.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                pushed.add(io.yikou.core.push.PushEvent.fromJson(new io.vertx.core.json.JsonObject(message)));
            }
        });
        subscription.sync().subscribe(io.yikou.core.push.PushPublisher.CHANNEL);

        String number = submit("积水").number();
        await().atMost(Duration.ofSeconds(20)).until(() -> !pushed.isEmpty());

        assertThat(pushed).singleElement().satisfies(event -> {
            assertThat(event.topic()).isEqualTo("wallboard.failures");
            assertThat(event.event()).isEqualTo("ticket.routing-failed");
            assertThat(event.data().getString("number")).isEqualTo(number);
            assertThat(event.data().getString("reason")).startsWith("gave up after 4 attempts");
        });
    }

    @Test
    void connectionResetIsNotResentByTransport() throws Exception {
        caseSystem.stubFor(post(REQUESTS).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("retry"));
        caseSystem.stubFor(post(REQUESTS).inScenario("reset").whenScenarioStateIs("retry")
                .willReturn(aResponse().withStatus(201).withBody("[{\"service_request_id\":\"SR-0007\"}]")));
        startRouter("");

        Ticket ticket = submit("垃圾满溢");
        Ticket routed = awaitStatus(ticket.number(), TicketStatus.ROUTED);

        // Every request WireMock saw is one the router counted: no hidden transport-level resend.
        List<LoggedRequest> requests = caseSystem.findAll(postRequestedFor(urlEqualTo(REQUESTS)));
        assertThat(requests).hasSize(routed.routing().attempts());
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeader("Idempotency-Key")).isEqualTo(ticket.number());
            assertThat(form(r)).containsEntry("attribute[external_id]", ticket.number());
        });
        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0007");
    }

    @Test
    void successStatusesAllCountAsSubmitted() throws Exception {
        caseSystem.stubFor(post(REQUESTS).inScenario("codes").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("[{\"service_request_id\":\"SR-0101\",\"service_notice\":\"已受理\"}]"))
                .willSetStateTo("second"));
        caseSystem.stubFor(post(REQUESTS).inScenario("codes").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(201).withBody("[{\"service_request_id\":\"SR-0102\"}]"))
                .willSetStateTo("third"));
        caseSystem.stubFor(post(REQUESTS).inScenario("codes").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(202).withBody("[{\"token\":\"tok-7f3a\"}]")));
        caseSystem.stubFor(get("/open311/v2/tokens/tok-7f3a.json").inScenario("token").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("[]")).willSetStateTo("once"));
        caseSystem.stubFor(get("/open311/v2/tokens/tok-7f3a.json").inScenario("token").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(200).withBody("[]")).willSetStateTo("ready"));
        caseSystem.stubFor(get("/open311/v2/tokens/tok-7f3a.json").inScenario("token").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200)
                        .withBody("[{\"service_request_id\":\"SR-0103\",\"token\":\"tok-7f3a\"}]")));
        startRouter("");

        Ticket first = awaitStatus(submit("一").number(), TicketStatus.ROUTED);
        Ticket second = awaitStatus(submit("二").number(), TicketStatus.ROUTED);
        Ticket third = awaitStatus(submit("三").number(), TicketStatus.ROUTED);

        assertThat(first.caseRef().caseId()).isEqualTo("SR-0101");
        assertThat(second.caseRef().caseId()).isEqualTo("SR-0102");
        assertThat(third.caseRef().token()).isEqualTo("tok-7f3a");
        await().atMost(Duration.ofSeconds(20)).until(() -> "SR-0103".equals(
                Await.result(services.context().tickets().find(third.number())).orElseThrow().caseRef().caseId()));
        caseSystem.verify(3, postRequestedFor(urlEqualTo(REQUESTS)));
        caseSystem.verify(3, getRequestedFor(urlPathEqualTo("/open311/v2/tokens/tok-7f3a.json")));
        assertThat(first.routing().attempts()).isEqualTo(1);
    }

    @Test
    void successWithUnreadableBodyIsRetriedWithSameKey() throws Exception {
        caseSystem.stubFor(post(REQUESTS).inScenario("garbled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withBody("<html>oops</html>")).willSetStateTo("fine"));
        caseSystem.stubFor(post(REQUESTS).inScenario("garbled").whenScenarioStateIs("fine")
                .willReturn(aResponse().withStatus(201).withBody("[{\"service_request_id\":\"SR-0008\"}]")));
        startRouter("");

        Ticket ticket = submit("乱堆物料");
        Ticket routed = awaitStatus(ticket.number(), TicketStatus.ROUTED);

        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0008");
        assertThat(caseSystem.findAll(postRequestedFor(urlEqualTo(REQUESTS))))
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(ticket.number());
    }

    @Test
    void pendingEntryOfCrashedNodeIsClaimed() throws Exception {
        stubCreated("SR-0009");
        // A node reads the ticket's entry and dies before acknowledging it.
        services = CoreServices.start(REDIS.url());
        var commands = services.redis().async();
        commands.xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.stream(), "0"), "case-router",
                XGroupCreateArgs.Builder.mkstream()).get();
        Ticket ticket = submit("无人处理");
        assertThat(commands.xreadgroup(Consumer.from("case-router", "crashed-node"),
                XReadArgs.StreamOffset.lastConsumed(RedisKeys.stream())).get()).hasSize(1);
        services.close();
        services = null;

        startRouter("");

        Ticket routed = awaitStatus(ticket.number(), TicketStatus.ROUTED);
        assertThat(routed.caseRef().caseId()).isEqualTo("SR-0009");
        caseSystem.verify(1, postRequestedFor(urlEqualTo(REQUESTS)).withHeader("Idempotency-Key",
                equalTo(ticket.number())));
    }
}
