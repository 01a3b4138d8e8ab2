package io.yikou.kb.history;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.intake.PhoneNumbers;
import io.yikou.core.privacy.Masking;
import io.yikou.kb.search.QueryText;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticket history endpoints: {@code GET /api/v1/kb/history/tickets} for agents (a citizen's earlier
 * tickets by phone or openid, full text, time range) and {@code GET /api/v1/kb/history/facets} for
 * supervisors (counts by category, street and day). Every read of a citizen's history is stored in the
 * staff audit log, with the identity masked, before the search runs, and written to the {@code audit}
 * logger.
 */
public final class HistoryApi {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final int MAX_PAGE_SIZE = 100;

    private final TicketHistory history;
    private final StaffAuth auth;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxQueryLength;

    public HistoryApi(TicketHistory history, StaffAuth auth, AuditLog audit, Clock clock, int maxQueryLength) {
        this.history = history;
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
        this.maxQueryLength = maxQueryLength;
    }

    public void mount(Router router) {
        router.get("/api/v1/kb/history/tickets").handler(auth.require(Role.AGENT)).handler(this::tickets);
        router.get("/api/v1/kb/history/facets").handler(auth.require(Role.SUPERVISOR)).handler(this::facets);
    }

    private void tickets(RoutingContext ctx) {
        String phoneParam = ctx.request().getParam("phone");
        String phone = null;
        if (phoneParam != null && !phoneParam.isBlank()) {
            phone = PhoneNumbers.normalize(phoneParam).orElseThrow(() -> ApiException.badRequest("invalid_query", "phone"));
        }
        String identity = blankToNull(ctx.request().getParam("openid"));
        String text = optionalText(ctx.request().getParam("q"));
        if (phone == null && identity == null && text == null) {
            throw ApiException.badRequest("kb_history_criteria");
        }
        int size = intParam(ctx, "size", 20, MAX_PAGE_SIZE);
        int page = intParam(ctx, "page", 1, 1000 / size);
        TicketIndex.Query query = new TicketIndex.Query(phone, identity, text, instant(ctx, "from"),
                instant(ctx, "to"), (page - 1) * size, size);
        Future<Void> audited = Future.succeededFuture();
        if (phone != null || identity != null) {
            String masked = phone != null ? Masking.phone(phone) : Masking.mask(IdentityKind.WECHAT_OPENID, identity);
            AUDIT.info("{} read the ticket history of {}", auth.actor(ctx), masked);
            String detail = (phone != null ? "phone " : "openid ") + masked + (text == null ? "" : " q=" + text);
            audited = AuditEntry.forRequest(auth, ctx, AuditActions.CITIZEN_HISTORY_READ, clock.instant())
                    .map(entry -> audit.append(entry.withDetail(detail)))
                    .orElseGet(Future::succeededFuture);
        }
        audited.compose(ignored -> history.search(query)).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Ticket history search failed: {}", done.cause().toString());
                ctx.fail(done.cause());
                return;
            }
            json(ctx, new JsonObject().put("total", done.result().total()).put("page", page).put("size", size)
                    .put("tickets", new JsonArray(done.result().tickets())));
        });
    }

    private void facets(RoutingContext ctx) {
        TicketIndex.Query query = new TicketIndex.Query(null, null, optionalText(ctx.request().getParam("q")),
                instant(ctx, "from"), instant(ctx, "to"), 0, 1);
        history.facets(query).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            TicketIndex.Facets f = done.result();
            json(ctx, new JsonObject().put("total", f.total()).put("byCategory", toJson(f.byCategory()))
                    .put("byStreet", toJson(f.byStreet())).put("byDay", toJson(f.byDay())));
        });
    }

    private String optionalText(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        QueryText.Result result = QueryText.clean(raw, maxQueryLength);
        if (result instanceof QueryText.TooLong tooLong) {
            throw ApiException.badRequest("kb_query_too_long", tooLong.max(), tooLong.length());
        }
        return result instanceof QueryText.Ok ok ? ok.text() : null;
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_query", name + " (ISO-8601, e.g. 2026-12-01T00:00:00Z)");
        }
    }

    private static int intParam(RoutingContext ctx, String name, int defaultValue, int max) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below like an out-of-range value.
        }
        throw ApiException.badRequest("invalid_query", name + " 1–" + max);
    }

    private static JsonObject toJson(Map<String, Long> counts) {
        JsonObject json = new JsonObject();
        counts.forEach(json::put);
        return json;
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
