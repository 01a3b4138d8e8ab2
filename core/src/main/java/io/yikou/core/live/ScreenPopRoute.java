package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/agent/calls/{linkedid}/screen-pop}: the screen pop again, for the agents the call
 * rang for and for supervisors. Anybody else gets 404, as for an unknown call, so the route does not
 * reveal which calls exist.
 */
final class ScreenPopRoute {

    private static final Pattern LINKEDID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ScreenPops pops;
    private final StaffAuth auth;
    private final AuditLog audit;
    private final Set<Role> phoneNumberRoles;
    private final Clock clock;

    ScreenPopRoute(ScreenPops pops, StaffAuth auth, AuditLog audit, Set<Role> phoneNumberRoles, Clock clock) {
        this.pops = pops;
        this.auth = auth;
        this.audit = audit;
        this.phoneNumberRoles = phoneNumberRoles;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/v1/agent/calls/:linkedid/screen-pop").handler(auth.require(Role.AGENT)).handler(this::get);
    }

    private void get(RoutingContext ctx) {
        String linkedid = ctx.pathParam("linkedid");
        StaffPrincipal principal = auth.principal(ctx).orElseThrow();
        if (!LINKEDID.matcher(linkedid).matches()) {
            ctx.fail(ApiException.notFound("call_not_found"));
            return;
        }
        pops.find(linkedid).compose(found -> {
            if (found.isEmpty() || !(principal.role().includes(Role.SUPERVISOR)
                    || found.get().agents().contains(principal.userId()))) {
                return Future.failedFuture(ApiException.notFound("call_not_found"));
            }
            JsonObject pop = forRole(found.get().pop(), principal.role(), phoneNumberRoles);
            if (pop.getString("callerNumber") == null) {
                return Future.succeededFuture(pop);
            }
            return AuditEntry.forRequest(auth, ctx, AuditActions.CITIZEN_HISTORY_READ, clock.instant())
                    .map(entry -> audit.append(historyRead(entry, pop)))
                    .orElseGet(Future::succeededFuture)
                    .map(pop);
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(result.result().encode());
        });
    }

    /** Removes the caller's full number for a role not allowed to see it. */
    static JsonObject forRole(JsonObject pop, Role role, Set<Role> phoneNumberRoles) {
        if (phoneNumberRoles.contains(role) || pop.getString("callerNumber") == null) {
            return pop;
        }
        JsonObject copy = pop.copy();
        copy.putNull("callerNumber");
        return copy;
    }

    /** Completes an audit entry for a screen pop read with the caller's number masked. */
    static AuditEntry historyRead(AuditEntry entry, JsonObject pop) {
        String citizen = pop.getString("citizenId");
        AuditEntry withDetail = entry.withDetail("screen pop of call " + pop.getString("linkedid") + " phone "
                + Masking.phone(pop.getString("callerNumber")));
        return citizen == null ? withDetail : withDetail.withCitizen(citizen);
    }
}
