package io.yikou.core.casesystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.yikou.core.contact.Channel;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signed case-status webhooks moving tickets along the lifecycle. */
class CaseEventsIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String SECRET = "case-events-secret-0123456789";
    private static CoreServices services;
    private static HttpServer http;
    private static WebClient client;
    private static Signatures signer;

    @BeforeAll
    static void start() throws Exception {
        services = CoreServices.start(REDIS.url(), "case-system:\n  webhook-secret: " + SECRET + "\n", Map.of(),
                Clock.systemUTC());
        CaseEventsRoute route = new CaseEventsRoute(Optional.of(new Signatures(SECRET, Duration.ofMinutes(5),
                Clock.systemUTC())), services.context().tickets(), services.redis(), Clock.systemUTC());
        Router router = Router.router(services.vertx());
        router.route().handler(BodyHandler.create());
        router.post("/api/v1/case-events").handler(route::handle);
        router.route().failureHandler(services.context().errors());
        http = Await.result(services.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = WebClient.create(services.vertx());
        signer = new Signatures(SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        services.close();
    }

    @BeforeEach
    void flush() throws Exception {
        services.flushAll();
    }

    private Ticket routedTicket() {
        TicketDraft draft = new TicketDraft(Channel.WEBFORM, TicketType.HELP, "P0118", "路灯不亮", "东四北大街",
                null, List.of(), null, Map.of(), false);
        Ticket ticket = Await.result(services.context().intake().submit(draft, "test", null)).ticket();
        return Await.result(services.context().tickets().modify(ticket.number(), t -> t
                .withCaseRef(new io.yikou.core.ticket.CaseReference("webhook", null, null, Instant.now(), null))
                .transition(TicketStatus.ROUTED, Instant.now(), "test", null, Map.of()), "ticket.status"));
    }

    private HttpResponse<Buffer> send(JsonObject event, long timestamp, String secretOverride) {
        byte[] body = event.encode().getBytes(StandardCharsets.UTF_8);
        Signatures signing = secretOverride == null ? signer
                : new Signatures(secretOverride, Duration.ofMinutes(5), Clock.systemUTC());
        return Await.result(client.post(http.actualPort(), "127.0.0.1", "/api/v1/case-events")
                .putHeader("Content-Type", "application/json")
                .putHeader(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(Signatures.SIGNATURE_HEADER, signing.sign(timestamp, body))
                .sendBuffer(Buffer.buffer(body)));
    }

    private static JsonObject event(String id, String number, String status) {
        return new JsonObject().put("eventId", id).put("ticketNumber", number).put("status", status)
                .put("caseId", "CASE-77").put("note", "已派遣至区城市管理委员会");
    }

    private Ticket read(String number) {
        return Await.result(services.context().tickets().find(number)).orElseThrow();
    }

    @Test
    void signedEventMovesTicketAndRecordsCaseId() {
        Ticket ticket = routedTicket();

        HttpResponse<Buffer> response = send(event("e1", ticket.number(), "dispatched"), Instant.now().getEpochSecond(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getString("result")).isEqualTo("applied");
        Ticket updated = read(ticket.number());
        assertThat(updated.status()).isEqualTo(TicketStatus.DISPATCHED);
        assertThat(updated.caseRef().caseId()).isEqualTo("CASE-77");
        assertThat(updated.events()).last().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("case-system");
            assertThat(e.detail()).isEqualTo("已派遣至区城市管理委员会");
        });
    }

    @Test
    void repeatedEventIsAppliedOnce() {
        Ticket ticket = routedTicket();
        send(event("e2", ticket.number(), "accepted"), Instant.now().getEpochSecond(), null);

        HttpResponse<Buffer> repeat = send(event("e2", ticket.number(), "accepted"), Instant.now().getEpochSecond(), null);

        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.bodyAsJsonObject().getString("result")).isEqualTo("duplicate");
        assertThat(read(ticket.number()).events()).filteredOn(e -> e.to() == TicketStatus.ACCEPTED).hasSize(1);
    }

    @Test
    void staleTimestampIsRejected() {
        Ticket ticket = routedTicket();

        HttpResponse<Buffer> response = send(event("e3", ticket.number(), "closed"),
                Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(read(ticket.number()).status()).isEqualTo(TicketStatus.ROUTED);
    }

    @Test
    void wrongSecretIsRejected() {
        Ticket ticket = routedTicket();

        HttpResponse<Buffer> response = send(event("e4", ticket.number(), "closed"), Instant.now().getEpochSecond(),
                "another-secret-0123456789");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_signature");
    }

    @Test
    void missingSignatureIsRejected() {
        Ticket ticket = routedTicket();

        HttpResponse<Buffer> response = Await.result(client.post(http.actualPort(), "127.0.0.1", "/api/v1/case-events")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(event("e5", ticket.number(), "closed").encode())));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void illegalTransitionIsRefused() {
        Ticket ticket = routedTicket();
        send(event("e6", ticket.number(), "closed"), Instant.now().getEpochSecond(), null);

        HttpResponse<Buffer> response = send(event("e7", ticket.number(), "accepted"), Instant.now().getEpochSecond(), null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("illegal_transition");
        assertThat(read(ticket.number()).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void unknownStatusListsField() {
        Ticket ticket = routedTicket();

        HttpResponse<Buffer> response = send(event("e8", ticket.number(), "teleported"), Instant.now().getEpochSecond(), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("fields").getJsonObject(0)
                .getString("field")).isEqualTo("status");
    }

    @Test
    void unknownTicketIsNotFound() {
        HttpResponse<Buffer> response = send(event("e9", "96010-20000101-000001", "closed"),
                Instant.now().getEpochSecond(), null);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void malformedJsonIsBadRequest() {
        byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        HttpResponse<Buffer> response = Await.result(client.post(http.actualPort(), "127.0.0.1", "/api/v1/case-events")
                .putHeader("Content-Type", "application/json")
                .putHeader(Signatures.TIMESTAMP_HEADER, Long.toString(now))
                .putHeader(Signatures.SIGNATURE_HEADER, signer.sign(now, body))
                .sendBuffer(Buffer.buffer(body)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
    }
}
