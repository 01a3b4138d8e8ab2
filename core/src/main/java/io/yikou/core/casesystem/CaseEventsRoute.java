package io.yikou.core.casesystem;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketNotFoundException;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/case-events}: status updates from the case system, signed with HMAC-SHA256
 * over the timestamp and the raw body (see {@link Signatures}). Stale or wrong signatures get 401
 * and change nothing. An event applies only along the ticket lifecycle's allowed transitions; a
 * repeat of an applied event, or one naming the status the ticket already has, changes nothing.
 */
public final class CaseEventsRoute {

    private static final Logger LOG = LoggerFactory.getLogger(CaseEventsRoute.class);
    private static final Duration REMEMBER_EVENTS = Duration.ofDays(7);
    private static final Map<String, TicketStatus> STATUSES = Map.of(
            "accepted", TicketStatus.ACCEPTED,
            "dispatched", TicketStatus.DISPATCHED,
            "reopened", TicketStatus.DISPATCHED,
            "handled", TicketStatus.HANDLED,
            "closed", TicketStatus.CLOSED,
            "rejected", TicketStatus.ROUTING_FAILED);

    private final Optional<Signatures> signatures;
    private final TicketStore tickets;
    private final RedisConnector redis;
    private final Clock clock;

    /** @param signatures empty when no secret is configured: every event is then refused with 503 */
    public CaseEventsRoute(Optional<Signatures> signatures, TicketStore tickets, RedisConnector redis, Clock clock) {
        this.signatures = signatures;
        this.tickets = tickets;
        this.redis = redis;
        this.clock = clock;
    }

    public void handle(RoutingContext ctx) {
        if (signatures.isEmpty()) {
            LOG.warn("Refused a case event: no case-system.webhook-secret is configured");
            ctx.fail(ApiException.of(503, "case_events_disabled"));
            return;
        }
        byte[] raw = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String problem = signatures.get().verify(ctx.request().getHeader(Signatures.TIMESTAMP_HEADER),
                ctx.request().getHeader(Signatures.SIGNATURE_HEADER), raw);
        if (problem != null) {
            LOG.warn("Refused a case event from {}: signature {}", ctx.request().remoteAddress(), problem);
            ctx.fail(ApiException.of(401, "invalid_signature"));
            return;
        }
        JsonObject body = JsonBodies.object(ctx);
        Event event = parse(body);
        String marker = RedisKeys.caseEvent(IdempotencyKey.sha256(event.eventId()));
        redis.call(c -> c.exists(marker))
                .compose(seen -> seen > 0 ? Future.succeededFuture(Outcome.DUPLICATE) : apply(event)
                        .compose(outcome -> redis.call(c -> c.set(marker, "1",
                                SetArgs.Builder.ex(REMEMBER_EVENTS.toSeconds()))).map(ok -> outcome)))
                .onSuccess(outcome -> {
                    LOG.info("Case event {} for ticket {} ({} -> {}): {}", event.eventId(), event.ticketNumber(),
                            event.rawStatus(), event.target().code(), outcome.name().toLowerCase(Locale.ROOT));
                    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                            .end(new JsonObject()
                                    .put("ticketNumber", event.ticketNumber())
                                    .put("result", outcome.name().toLowerCase(Locale.ROOT))
                                    .encode());
                })
                .onFailure(error -> {
                    if (error instanceof TicketNotFoundException) {
                        ctx.fail(ApiException.notFound("ticket_not_found"));
                    } else if (error instanceof io.yikou.core.ticket.IllegalTransitionException illegal) {
                        LOG.warn("Case event {} for ticket {} refused: {}", event.eventId(), event.ticketNumber(),
                                illegal.getMessage());
                        ctx.fail(ApiException.of(409, "illegal_transition", illegal.from().code(), illegal.to().code()));
                    } else {
                        ctx.fail(error);
                    }
                });
    }

    private Future<Outcome> apply(Event event) {
        Instant now = clock.instant();
        Outcome[] outcome = {Outcome.APPLIED};
        return tickets.modify(event.ticketNumber(), ticket -> {
            if (ticket.status() == event.target()) {
                outcome[0] = Outcome.UNCHANGED;
                return attachCaseId(ticket, event);
            }
            Map<String, String> data = new HashMap<>();
            data.put("eventId", event.eventId());
            if (event.caseId() != null) {
                data.put("caseId", event.caseId());
            }
            return attachCaseId(ticket, event).transition(event.target(), now, "case-system", event.note(), data);
        }, "ticket.status").map(ticket -> outcome[0]);
    }

    private static Ticket attachCaseId(Ticket ticket, Event event) {
        if (event.caseId() == null || ticket.caseRef() == null || event.caseId().equals(ticket.caseRef().caseId())) {
            return ticket;
        }
        return ticket.withCaseRef(ticket.caseRef().withCaseId(event.caseId()));
    }

    private static Event parse(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        String eventId = text(body, "eventId", errors, true);
        String number = text(body, "ticketNumber", errors, true);
        String status = text(body, "status", errors, true);
        String caseId = text(body, "caseId", errors, false);
        String note = text(body, "note", errors, false);
        TicketStatus target = status == null ? null : STATUSES.get(status.toLowerCase(Locale.ROOT));
        if (status != null && target == null) {
            errors.add(FieldError.of("status", "invalid_value"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Event(eventId, number, status, target, caseId, note);
    }

    private static String text(JsonObject body, String field, List<FieldError> errors, boolean required) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) {
                errors.add(FieldError.of(field, "required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(FieldError.of(field, "wrong_type", "string"));
            return null;
        }
        if (text.isBlank() && required) {
            errors.add(FieldError.of(field, "required"));
            return null;
        }
        return text.isBlank() ? null : text;
    }

    private enum Outcome { APPLIED, UNCHANGED, DUPLICATE }

    private record Event(String eventId, String ticketNumber, String rawStatus, TicketStatus target, String caseId,
                         String note) {
    }
}
