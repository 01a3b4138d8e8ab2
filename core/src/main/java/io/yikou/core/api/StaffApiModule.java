package io.yikou.core.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.category.Category;
import io.yikou.core.contact.Channel;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.i18n.Messages;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.text.CodePoints;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketQuery;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core staff API: read a ticket with its history, list and search recent tickets, file a ticket
 * as staff, preview grid cells, and the category tree. Routing failures live with the case router.
 */
public final class StaffApiModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(StaffApiModule.class);
    private static final int DEFAULT_LIMIT = 50;

    private final ModuleContext context;
    private final StaffTickets tickets;

    public StaffApiModule(ModuleContext context) {
        this.context = context;
        this.tickets = new StaffTickets(context);
    }

    @Override
    public String name() {
        return "staff-api";
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/api/openapi-core.yaml";
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tickets/:number").handler(context.staffAuth().require(Role.AGENT)).handler(this::getTicket);
        router.get("/api/v1/tickets").handler(context.staffAuth().require(Role.AGENT)).handler(this::listTickets);
        router.post("/api/v1/tickets").handler(context.staffAuth().require(Role.AGENT)).handler(tickets::create);
        router.get("/api/v1/grid/locate").handler(context.staffAuth().require(Role.AGENT)).handler(tickets::locate);
        router.get("/api/v1/categories").handler(this::categories);
    }

    private void getTicket(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        context.tickets().find(number).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            if (result.result().isEmpty()) {
                ctx.fail(ApiException.notFound("ticket_not_found"));
                return;
            }
            Ticket ticket = result.result().get();
            // The entry is stored before the ticket is shown: a read that cannot be audited is refused.
            audit(ctx, AuditActions.TICKET_READ)
                    .map(entry -> context.audit().append(entry.withTicket(number).withCitizen(ticket.citizenId())))
                    .orElseGet(Future::succeededFuture)
                    .onSuccess(ignored -> {
                        LOG.info("Staff {} read ticket {}", context.staffAuth().actor(ctx), number);
                        json(ctx, TicketJson.staffView(ticket, context.messages(), locale(ctx)));
                    })
                    .onFailure(ctx::fail);
        });
    }

    private void listTickets(RoutingContext ctx) {
        TicketQuery query = parseQuery(ctx);
        Future<Void> audited = audit(ctx, AuditActions.TICKET_LIST)
                .map(entry -> context.audit().append(entry.withDetail(queryText(ctx))))
                .orElseGet(Future::succeededFuture);
        audited.compose(ignored -> context.tickets().recent(query)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Locale locale = locale(ctx);
            JsonArray items = new JsonArray();
            for (Ticket ticket : result.result().tickets()) {
                items.add(TicketJson.staffView(ticket, context.messages(), locale));
            }
            JsonObject body = new JsonObject().put("tickets", items);
            if (result.result().nextBefore() != null) {
                body.put("nextBefore", result.result().nextBefore().toString());
            }
            json(ctx, body);
        });
    }

    /** Joins the decoded query parameters for the audit entry, cut to a length that keeps the log compact. */
    private static String queryText(RoutingContext ctx) {
        if (ctx.queryParams().isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        ctx.queryParams().forEach(param -> {
            if (text.length() > 0) {
                text.append("&");
            }
            text.append(param.getKey()).append('=').append(param.getValue());
        });
        return CodePoints.truncate(text.toString(), 300, "…");
    }

    private Optional<AuditEntry> audit(RoutingContext ctx, String action) {
        return AuditEntry.forRequest(context.staffAuth(), ctx, action, context.clock().instant());
    }

    private void categories(RoutingContext ctx) {
        JsonArray roots = new JsonArray();
        for (Category root : context.categories().roots()) {
            roots.add(categoryJson(root));
        }
        json(ctx, new JsonObject().put("categories", roots));
    }

    private JsonObject categoryJson(Category category) {
        JsonObject json = new JsonObject()
                .put("code", category.code())
                .put("name", category.name())
                .put("kind", category.kind().code());
        if (category.department() != null) {
            json.put("department", new JsonObject().put("code", category.department().code())
                    .put("name", category.department().name()));
        }
        if (!category.isLeaf()) {
            JsonArray children = new JsonArray();
            for (String code : category.children()) {
                context.categories().find(code).ifPresent(child -> children.add(categoryJson(child)));
            }
            json.put("children", children);
        }
        return json;
    }

    private static TicketQuery parseQuery(RoutingContext ctx) {
        TicketStatus status = param(ctx, "status", text -> TicketStatus.parse(text).orElse(null));
        TicketType type = param(ctx, "type", text -> TicketType.parse(text).orElse(null));
        Channel channel = param(ctx, "channel", text -> Channel.parse(text).orElse(null));
        Instant from = param(ctx, "from", StaffApiModule::instant);
        Instant before = param(ctx, "before", StaffApiModule::instant);
        Integer limit = param(ctx, "limit", text -> {
            try {
                int value = Integer.parseInt(text);
                return value >= 1 && value <= TicketQuery.MAX_LIMIT ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
        return new TicketQuery(status, type, channel, ctx.request().getParam("q"), from, before,
                limit == null ? DEFAULT_LIMIT : limit);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T param(RoutingContext ctx, String name, java.util.function.Function<String, T> parser) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        T value = parser.apply(text.trim());
        if (value == null) {
            throw ApiException.badRequest("invalid_query", name);
        }
        return value;
    }

    static Locale locale(RoutingContext ctx) {
        return Messages.negotiate(ctx.request().getHeader("Accept-Language"));
    }

    static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }
}
