package io.yikou.core.wallboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import java.time.Clock;

/** The supervisor's wallboard routes, {@code GET /api/v1/wallboard} and its parts. */
public final class WallboardRoutes {

    private final Wallboard wallboard;
    private final StaffAuth auth;
    private final Clock clock;

    public WallboardRoutes(Wallboard wallboard, StaffAuth auth, Clock clock) {
        this.wallboard = wallboard;
        this.auth = auth;
        this.clock = clock;
    }

    public void mount(Router router) {
        String base = "/api/v1/wallboard";
        router.get(base).handler(auth.require(Role.SUPERVISOR)).handler(ctx -> reply(ctx, wallboard.all()));
        router.get(base + "/queues").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> reply(ctx,
                wallboard.queues().map(queues -> new JsonObject().put("at", clock.instant().toString())
                        .put("queues", queues))));
        router.get(base + "/agents").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> reply(ctx, wallboard.agents()));
        router.get(base + "/alerts").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> reply(ctx,
                wallboard.activeAlerts().map(alerts -> new JsonObject().put("alerts", alerts))));
        router.get(base + "/tickets").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> reply(ctx, wallboard.tickets()));
    }

    private static void reply(RoutingContext ctx, Future<JsonObject> body) {
        body.onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(result.result().encode());
        });
    }
}
