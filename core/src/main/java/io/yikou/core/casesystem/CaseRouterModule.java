package io.yikou.core.casesystem;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.casesystem.impl.DemoCaseConnector;
import io.yikou.core.casesystem.impl.Open311CaseConnector;
import io.yikou.core.casesystem.impl.WebhookCaseConnector;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.i18n.Messages;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.ticket.RoutingState;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes tickets to the case system: the {@code case-router} consumer group, the token poller, the
 * signed case-events webhook, and the staff API for routing failures.
 */
public final class CaseRouterModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(CaseRouterModule.class);
    private static final String GROUP = "case-router";
    private static final int MAX_DELIVERIES = 20;

    private final ModuleContext context;
    private final CaseSystemOptions options;
    private final CaseConnector connector;
    private final CaseRouter router;
    private final TokenPoller tokens;
    private final CaseEventsRoute events;
    private final WebClient client;
    private StreamConsumer consumer;

    public CaseRouterModule(ModuleContext context) {
        this.context = context;
        this.options = context.config().caseSystem();
        this.client = WebClient.create(context.vertx(), new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()))
                .setKeepAlive(true)
                .setUserAgent("Yikou/0.1"));
        Optional<Signatures> signatures = options.webhookSecret()
                .map(secret -> new Signatures(secret, options.eventTolerance(), context.clock()));
        this.connector = switch (options.type()) {
            case "open311" -> new Open311CaseConnector(client, options.url().orElseThrow(),
                    options.apiKey().orElse(null), options.jurisdictionId().orElse(null), options.timeout());
            case "webhook" -> new WebhookCaseConnector(client, options.url().orElseThrow(), signatures.orElseThrow(),
                    context.clock(), options.timeout());
            default -> new DemoCaseConnector(context.redis());
        };
        Backoff backoff = new Backoff(options.backoffInitial(), options.backoffMax(), new SecureRandom());
        this.router = new CaseRouter(context.vertx(), context.tickets(), connector, options, backoff, context.clock(),
                context.redis());
        this.tokens = new TokenPoller(context.vertx(), context.redis(), context.tickets(), connector,
                options.backoffInitial(), options.backoffMax(), context.clock());
        this.events = new CaseEventsRoute(signatures, context.tickets(), context.redis(), context.clock());
    }

    @Override
    public String name() {
        return "case-router";
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/casesystem/openapi-case-router.yaml";
    }

    @Override
    public void mount(Router web) {
        web.post("/api/v1/case-events").handler(events::handle);
        web.get("/api/v1/routing-failures").handler(context.staffAuth().require(Role.SUPERVISOR))
                .handler(this::listFailures);
        web.post("/api/v1/routing-failures/:number/retry").handler(context.staffAuth().require(Role.SUPERVISOR))
                .handler(this::retry);
    }

    @Override
    public Future<Void> start() {
        LOG.info("Case system: {}{}", connector.type(), options.url().map(u -> " at " + u).orElse(
                connector.type().equals("demo") ? " (in-process stand-in; set YIKOU_CASE_SYSTEM_TYPE and"
                        + " YIKOU_CASE_SYSTEM_URL to route to a real one)" : ""));
        consumer = new StreamConsumer(context.redis(), new StreamConsumer.Options(GROUP, context.nodeId(),
                options.concurrency(), options.claimIdle(), MAX_DELIVERIES, false), router,
                context.config().redis().commandTimeout());
        tokens.start(Duration.ofSeconds(1));
        return consumer.start();
    }

    @Override
    public Future<Void> stop() {
        tokens.stop();
        router.stop();
        Future<Void> stopped = consumer == null ? Future.succeededFuture() : consumer.stop(Duration.ofSeconds(30));
        return stopped.onComplete(r -> client.close());
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject()
                .put("status", "ok")
                .put("caseSystem", connector.type())
                .put("inFlight", consumer == null ? 0 : consumer.inFlight()));
    }

    private void listFailures(RoutingContext ctx) {
        context.tickets().numbersIn(TicketStatus.ROUTING_FAILED)
                .compose(numbers -> context.tickets().findAll(numbers))
                .onSuccess(tickets -> {
                    JsonArray items = new JsonArray();
                    for (Ticket ticket : tickets) {
                        items.add(new JsonObject()
                                .put("number", ticket.number())
                                .put("type", ticket.type().code())
                                .put("categoryCode", ticket.categoryCode())
                                .put("createdAt", ticket.createdAt().toString())
                                .put("attempts", ticket.routing().attempts())
                                .put("reason", ticket.routing().lastError())
                                .put("failedAt", ticket.routing().lastAttemptAt() == null ? null
                                        : ticket.routing().lastAttemptAt().toString()));
                    }
                    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                            .end(new JsonObject().put("failures", items).encode());
                })
                .onFailure(ctx::fail);
    }

    private void retry(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        String actor = context.staffAuth().actor(ctx);
        Instant now = context.clock().instant();
        context.tickets().modify(number, ticket -> {
                    if (ticket.status() != TicketStatus.ROUTING_FAILED) {
                        throw ApiException.of(409, "ticket_not_retryable");
                    }
                    return ticket.withRouting(new RoutingState(0, null, now))
                            .transition(TicketStatus.NEW, now, "staff:" + actor, "routing retry requested", Map.of());
                }, "ticket.routing-retry")
                .compose(ticket -> AuditEntry.forRequest(context.staffAuth(), ctx, AuditActions.TICKET_ROUTING_RETRY, now)
                        .map(entry -> context.audit().append(entry.withTicket(number)
                                .withCitizen(ticket.citizenId())).map(ticket))
                        .orElseGet(() -> Future.succeededFuture(ticket)))
                .onSuccess(ticket -> {
                    LOG.info("Staff {} asked to route ticket {} again", actor, number);
                    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json; charset=utf-8")
                            .end(new JsonObject().put("number", number).put("status", ticket.status().code())
                                    .put("statusName", context.messages().get(
                                            Messages.negotiate(ctx.request().getHeader("Accept-Language")),
                                            "status." + ticket.status().code()))
                                    .encode());
                })
                .onFailure(error -> ctx.fail(error instanceof io.yikou.core.ticket.TicketNotFoundException
                        ? ApiException.notFound("ticket_not_found") : error));
    }
}
