package io.yikou.core.conversation.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.conversation.Conversation;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.conversation.ConversationState;
import io.yikou.core.conversation.TicketRequest;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.privacy.Masking;
import io.yikou.core.ticket.TicketType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff API for conversations under {@code /api/v1/conversations}: list, read with messages, reply,
 * close, and create a ticket. Reads of a conversation are audit-logged because its messages are a
 * citizen's history, and so are replies, closing and tickets created from it. A read whose audit entry
 * cannot be stored fails.
 */
public final class ConversationApi {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.yikou.audit");
    private static final int MAX_LIST = 200;
    private static final int MAX_REPLY_CODE_POINTS = 2000;

    private final ConversationService service;
    private final StaffAuth auth;
    private final AuditLog audit;
    private final Clock clock;

    public ConversationApi(ConversationService service, StaffAuth auth, AuditLog audit, Clock clock) {
        this.service = service;
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
    }

    public void mount(Router router) {
        String base = "/api/v1/conversations";
        router.get(base).handler(auth.require(Role.AGENT)).handler(this::list);
        router.get(base + "/:id").handler(auth.require(Role.AGENT)).handler(this::read);
        router.post(base + "/:id/replies").handler(auth.require(Role.AGENT)).handler(this::reply);
        router.post(base + "/:id/tickets").handler(auth.require(Role.AGENT)).handler(this::createTicket);
        router.post(base + "/:id/close").handler(auth.require(Role.AGENT)).handler(this::close);
    }

    private void list(RoutingContext ctx) {
        Optional<ConversationState> state;
        int limit;
        try {
            String stateText = ctx.request().getParam("state");
            state = stateText == null || stateText.isBlank() ? Optional.empty()
                    : Optional.of(ConversationState.fromCode(stateText));
            String limitText = ctx.request().getParam("limit");
            limit = limitText == null ? 50 : Integer.parseInt(limitText);
            if (limit < 1 || limit > MAX_LIST) {
                throw new IllegalArgumentException("limit");
            }
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiException.badRequest("invalid_query", "state=open|closed, limit=1.." + MAX_LIST));
            return;
        }
        service.store().recent(state, limit).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray items = new JsonArray();
            for (Conversation conversation : result.result()) {
                items.add(summary(conversation));
            }
            json(ctx, 200, new JsonObject().put("items", items));
        });
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        service.store().find(id)
                .compose(found -> found.map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture(ApiException.notFound("conversation_not_found"))))
                .compose(conversation -> service.store().messages(id)
                        .compose(messages -> audit(ctx, AuditActions.CONVERSATION_READ, id, conversation.citizenId(),
                                null).map(messages))
                        .map(messages -> {
                            AUDIT.info("{} read conversation {} of {}", auth.actor(ctx), id,
                                    Masking.id(conversation.citizen().value()));
                            JsonObject body = new JsonObject(JsonCodec.write(conversation));
                            body.put("messages", new JsonArray(JsonCodec.write(messages)));
                            return body;
                        }))
                .onSuccess(body -> json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private void reply(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        Object raw = body.getValue("text");
        String text = raw instanceof String s ? s : null;
        if (text == null || text.isBlank()) {
            ctx.fail(ApiException.invalid(List.of(FieldError.of("text", "required"))));
            return;
        }
        if (text.codePointCount(0, text.length()) > MAX_REPLY_CODE_POINTS) {
            ctx.fail(ApiException.invalid(List.of(FieldError.of("text", "too_long", MAX_REPLY_CODE_POINTS))));
            return;
        }
        service.reply(ctx.pathParam("id"), text, auth.actor(ctx))
                .compose(entry -> audit(ctx, AuditActions.CONVERSATION_REPLY, ctx.pathParam("id"), null, null)
                        .map(entry))
                .onSuccess(entry -> json(ctx, 201, new JsonObject(JsonCodec.write(entry))))
                .onFailure(ctx::fail);
    }

    private void createTicket(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        TicketType type = TicketType.parse(stringOrNull(body, "type")).orElse(null);
        if (type == null) {
            errors.add(FieldError.of("type", "required"));
        }
        if (!errors.isEmpty()) {
            ctx.fail(ApiException.invalid(errors));
            return;
        }
        TicketRequest request = new TicketRequest(type, stringOrNull(body, "category"),
                stringOrNull(body, "description"), stringOrNull(body, "address"), null);
        service.createTicket(ctx.pathParam("id"), request, auth.actor(ctx), ctx.request().getHeader("Idempotency-Key"))
                .compose(result -> audit(ctx, AuditActions.CONVERSATION_TICKET, ctx.pathParam("id"),
                        result.ticket().citizenId(), result.ticket().number()).map(result))
                .onSuccess(result -> json(ctx, result.created() ? 201 : 200, new JsonObject()
                        .put("number", result.ticket().number())
                        .put("lookupToken", result.lookupToken())
                        .put("created", result.created())))
                .onFailure(ctx::fail);
    }

    private void close(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        service.store().find(id)
                .compose(found -> found.isPresent()
                        ? service.store().close(id, "agent")
                        : Future.failedFuture(ApiException.notFound("conversation_not_found")))
                .compose(closed -> audit(ctx, AuditActions.CONVERSATION_CLOSE, id, null, null).map(closed))
                .onSuccess(closed -> json(ctx, 200, new JsonObject().put("closed", closed)))
                .onFailure(ctx::fail);
    }

    /** Appends an audit entry for the request's caller, naming the conversation in the detail. */
    private Future<Void> audit(RoutingContext ctx, String action, String conversationId, String citizenId,
                               String ticketNumber) {
        return AuditEntry.forRequest(auth, ctx, action, clock.instant())
                .map(entry -> audit.append(entry.withCitizen(citizenId).withTicket(ticketNumber)
                        .withDetail("conversation " + conversationId)))
                .orElseGet(Future::succeededFuture);
    }

    private static JsonObject summary(Conversation c) {
        return new JsonObject()
                .put("id", c.id())
                .put("channel", c.channel().code())
                .put("account", c.account())
                .put("citizen", Masking.id(c.citizen().value()))
                .put("citizenId", c.citizenId())
                .put("state", c.state().code())
                .put("openedAt", c.openedAt().toString())
                .put("closedAt", c.closedAt() == null ? null : c.closedAt().toString())
                .put("ticketNumbers", new JsonArray(c.ticketNumbers()))
                .put("dialogueStep", c.dialogue().step().name().toLowerCase(java.util.Locale.ROOT))
                .put("lastFailure", c.lastFailure() == null ? null : new JsonObject(JsonCodec.write(c.lastFailure())));
    }

    private static String stringOrNull(JsonObject body, String field) {
        Object value = body.getValue(field);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
