package io.yikou.core.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;

/** {@code GET /api/v1/admin/audit}: administrators read the audit log, newest first. */
public final class AuditRoutes {

    private static final int DEFAULT_LIMIT = 50;

    private final StaffAuth auth;
    private final AuditLog log;

    public AuditRoutes(StaffAuth auth, AuditLog log) {
        this.auth = auth;
        this.log = log;
    }

    public void mount(Router router) {
        router.get("/api/v1/admin/audit").handler(auth.require(Role.ADMINISTRATOR)).handler(this::query);
    }

    private void query(RoutingContext ctx) {
        AuditQuery query = new AuditQuery(param(ctx, "action"), param(ctx, "actor"), param(ctx, "ticket"),
                param(ctx, "citizen"), cursor(ctx), limit(ctx));
        log.query(query).onSuccess(page -> {
            JsonArray entries = new JsonArray();
            page.entries().forEach(entry -> entries.add(json(entry)));
            JsonObject body = new JsonObject().put("entries", entries);
            if (page.nextBefore() != null) {
                body.put("nextBefore", page.nextBefore());
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.encode());
        }).onFailure(ctx::fail);
    }

    static JsonObject json(AuditEntry entry) {
        JsonObject json = new JsonObject()
                .put("id", entry.id())
                .put("at", entry.at().toString())
                .put("action", entry.action())
                .put("actorKind", entry.actorKind());
        putIfSet(json, "actorId", entry.actorId());
        putIfSet(json, "actorName", entry.actorName());
        putIfSet(json, "actorRole", entry.actorRole());
        putIfSet(json, "ticket", entry.ticket());
        putIfSet(json, "citizen", entry.citizen());
        putIfSet(json, "targetUser", entry.targetUser());
        putIfSet(json, "address", entry.address());
        putIfSet(json, "detail", entry.detail());
        return json;
    }

    private static void putIfSet(JsonObject json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String cursor(RoutingContext ctx) {
        String before = param(ctx, "before");
        if (before != null && !before.matches("\\d{1,20}-\\d{1,20}")) {
            throw ApiException.badRequest("invalid_query", "before");
        }
        return before;
    }

    private static int limit(RoutingContext ctx) {
        String text = param(ctx, "limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= AuditQuery.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw ApiException.badRequest("invalid_query", "limit");
    }
}
