package io.yikou.core.routing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-state, offer, transfer, routing-failure, queue and agent-profile routes of
 * {@code docs/desk-api.md}. Changes made by supervisors and administrators go to the audit log.
 */
final class AcdRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AcdRoutes.class);

    static final String AGENT_STATE_CHANGE = "agent.state-change";
    static final String CONVERSATION_TRANSFER = "conversation.transfer";
    static final String QUEUE_CREATE = "queue.create";
    static final String QUEUE_UPDATE = "queue.update";
    static final String QUEUE_DELETE = "queue.delete";
    static final String PROFILE_UPDATE = "agent.profile-update";

    private final AcdService acd;
    private final StaffAuth auth;
    private final AuditLog audit;
    private final AcdService.Directory directory;
    private final Clock clock;

    AcdRoutes(AcdService acd, StaffAuth auth, AuditLog audit, AcdService.Directory directory, Clock clock) {
        this.acd = acd;
        this.auth = auth;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
    }

    void mount(Router router) {
        var agent = auth.require(Role.AGENT);
        var supervisor = auth.require(Role.SUPERVISOR);
        var administrator = auth.require(Role.ADMINISTRATOR);
        router.get("/api/v1/agent/state").handler(agent).handler(this::ownState);
        router.put("/api/v1/agent/state").handler(agent).handler(this::setOwnState);
        router.get("/api/v1/agent/reasons").handler(agent).handler(this::reasons);
        router.get("/api/v1/agent/offers").handler(agent).handler(this::offers);
        router.post("/api/v1/agent/offers/:id/accept").handler(agent).handler(this::accept);
        router.post("/api/v1/agent/offers/:id/decline").handler(agent).handler(this::decline);
        router.get("/api/v1/agent/conversations").handler(agent).handler(this::conversations);
        router.post("/api/v1/acd/conversations/:id/transfer").handler(agent).handler(this::transfer);
        router.get("/api/v1/agents").handler(supervisor).handler(this::agents);
        router.put("/api/v1/agents/:userId/state").handler(supervisor).handler(this::setAgentState);
        router.get("/api/v1/acd/failures").handler(supervisor).handler(this::failures);
        router.post("/api/v1/acd/failures/:id/retry").handler(supervisor).handler(this::retry);
        router.get("/api/v1/admin/queues").handler(administrator).handler(this::queues);
        router.post("/api/v1/admin/queues").handler(administrator).handler(this::createQueue);
        router.get("/api/v1/admin/queues/:id").handler(administrator).handler(this::queue);
        router.put("/api/v1/admin/queues/:id").handler(administrator).handler(this::updateQueue);
        router.delete("/api/v1/admin/queues/:id").handler(administrator).handler(this::deleteQueue);
        router.get("/api/v1/admin/agents").handler(administrator).handler(this::profiles);
        router.get("/api/v1/admin/agents/:userId").handler(administrator).handler(this::profile);
        router.put("/api/v1/admin/agents/:userId").handler(administrator).handler(this::saveProfile);
    }

    // Agent's own state

    /** Returns the caller's user id; the service token has no agent state. */
    private String self(RoutingContext ctx) {
        StaffPrincipal principal = auth.principal(ctx).orElseThrow(() -> ApiException.of(401, "unauthorized"));
        if (!principal.isPerson()) {
            throw ApiException.notFound("agent_not_found");
        }
        return principal.userId();
    }

    private void ownState(RoutingContext ctx) {
        acd.agentJson(self(ctx)).onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void setOwnState(RoutingContext ctx) {
        String userId = self(ctx);
        JsonObject body = JsonBodies.object(ctx);
        acd.setPresence(userId, presence(body), string(body, "reason"))
                .onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void reasons(RoutingContext ctx) {
        Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
        JsonArray reasons = new JsonArray();
        acd.options().notReadyReasons().forEach(reason ->
                reasons.add(new JsonObject().put("code", reason.code()).put("label", reason.label(locale))));
        send(ctx, 200, new JsonObject().put("reasons", reasons));
    }

    private void offers(RoutingContext ctx) {
        acd.offersOf(self(ctx)).onSuccess(list -> send(ctx, 200, new JsonObject().put("offers", list)))
                .onFailure(ctx::fail);
    }

    private void accept(RoutingContext ctx) {
        acd.accept(ctx.pathParam("id"), self(ctx)).onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void decline(RoutingContext ctx) {
        acd.decline(ctx.pathParam("id"), self(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(ctx::fail);
    }

    private void conversations(RoutingContext ctx) {
        acd.assignmentsOf(self(ctx)).onSuccess(list -> send(ctx, 200, new JsonObject().put("conversations", list)))
                .onFailure(ctx::fail);
    }

    private void transfer(RoutingContext ctx) {
        StaffPrincipal principal = auth.principal(ctx).orElseThrow();
        JsonObject body = JsonBodies.object(ctx);
        String toAgent = string(body, "toAgent");
        String toQueue = string(body, "toQueue");
        String note = string(body, "note");
        String id = ctx.pathParam("id");
        boolean any = principal.role().includes(Role.SUPERVISOR);
        acd.transfer(id, toAgent, toQueue, principal.userId(), any)
                .compose(routing -> audit(ctx, CONVERSATION_TRANSFER, null,
                        "conversation " + id + " to " + (toAgent != null ? "agent " + toAgent : "queue " + toQueue)
                                + (note == null ? "" : "; note: " + note)).map(routing))
                .onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    // Supervisors

    private void agents(RoutingContext ctx) {
        acd.agentsJson().onSuccess(list -> send(ctx, 200, new JsonObject().put("agents", new JsonArray(list))
                .put("at", clock.instant().toString()))).onFailure(ctx::fail);
    }

    private void setAgentState(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        JsonObject body = JsonBodies.object(ctx);
        String presence = presence(body);
        String reason = string(body, "reason");
        directory.person(userId)
                .compose(person -> person.isEmpty()
                        ? Future.failedFuture(ApiException.notFound("agent_not_found"))
                        : acd.setPresence(userId, presence, reason))
                .compose(json -> audit(ctx, AGENT_STATE_CHANGE, userId,
                        "presence " + presence + (reason == null ? "" : " (" + reason + ")")).map(json))
                .onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void failures(RoutingContext ctx) {
        acd.failures().onSuccess(list -> send(ctx, 200, new JsonObject().put("failures", list)))
                .onFailure(ctx::fail);
    }

    private void retry(RoutingContext ctx) {
        String queue = null;
        if (ctx.body() != null && ctx.body().length() > 0) {
            queue = string(JsonBodies.object(ctx), "queue");
        }
        acd.retry(ctx.pathParam("id"), queue).onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    // Administrators: queues

    private void queues(RoutingContext ctx) {
        acd.store().queues().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(queue -> items.add(queue.toJson()));
            send(ctx, 200, new JsonObject().put("queues", items));
        }).onFailure(ctx::fail);
    }

    private void queue(RoutingContext ctx) {
        acd.store().queue(ctx.pathParam("id")).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ApiException.notFound("queue_not_found"));
            } else {
                send(ctx, 200, found.get().toJson());
            }
        }).onFailure(ctx::fail);
    }

    private void createQueue(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        QueueDefinition queue = QueueDefinition.fromRequest(null, body, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        acd.saveQueue(queue, true)
                .compose(saved -> audit(ctx, QUEUE_CREATE, null, "queue " + saved.id()).map(saved))
                .onSuccess(saved -> {
                    ctx.response().putHeader("Location", "/api/v1/admin/queues/" + saved.id());
                    send(ctx, 201, saved.toJson());
                }).onFailure(ctx::fail);
    }

    private void updateQueue(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        QueueDefinition queue = QueueDefinition.fromRequest(ctx.pathParam("id"), body, errors);
        if (!(body.getValue("version") instanceof Number version) || version.longValue() < 1) {
            errors.add(FieldError.of("version", "required"));
        } else {
            queue = queue.withVersion(version.longValue());
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        acd.saveQueue(queue, false)
                .compose(saved -> audit(ctx, QUEUE_UPDATE, null, "queue " + saved.id()).map(saved))
                .onSuccess(saved -> send(ctx, 200, saved.toJson())).onFailure(ctx::fail);
    }

    private void deleteQueue(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        acd.deleteQueue(id)
                .compose(v -> audit(ctx, QUEUE_DELETE, null, "queue " + id))
                .onSuccess(v -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(ctx::fail);
    }

    // Administrators: agent profiles

    private void profiles(RoutingContext ctx) {
        Future.all(acd.store().profiles(), acd.store().queues()).onSuccess(all -> {
            List<AgentProfile> profiles = all.resultAt(0);
            List<QueueDefinition> queues = all.resultAt(1);
            JsonArray items = new JsonArray();
            profiles.forEach(profile -> items.add(profileJson(profile, queues)));
            send(ctx, 200, new JsonObject().put("agents", items));
        }).onFailure(ctx::fail);
    }

    private static JsonObject profileJson(AgentProfile profile, List<QueueDefinition> queues) {
        JsonObject json = profile.toJson();
        json.put("queues", new JsonArray(AcdService.servedList(profile, queues)));
        return json;
    }

    private void profile(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        directory.person(userId).compose(person -> person.isEmpty()
                        ? Future.failedFuture(ApiException.notFound("user_not_found"))
                        : Future.all(acd.store().profile(userId), acd.store().queues()))
                .onSuccess(all -> {
                    java.util.Optional<AgentProfile> found = all.resultAt(0);
                    send(ctx, 200, profileJson(found.orElse(AgentProfile.empty(userId)), all.resultAt(1)));
                }).onFailure(ctx::fail);
    }

    private void saveProfile(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        AgentProfile profile = AgentProfile.fromRequest(userId, body, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        directory.person(userId)
                .compose(person -> person.isEmpty()
                        ? Future.failedFuture(ApiException.notFound("user_not_found"))
                        : acd.saveProfile(profile))
                .compose(saved -> audit(ctx, PROFILE_UPDATE, userId, "skills " + saved.skills() + ", capacity "
                        + saved.chatCapacity() + ", interface " + saved.memberInterface()).map(saved))
                .compose(saved -> acd.store().queues().map(queues -> profileJson(saved, queues)))
                .onSuccess(json -> send(ctx, 200, json)).onFailure(ctx::fail);
    }

    // Helpers

    private Future<Void> audit(RoutingContext ctx, String action, String targetUser, String detail) {
        return AuditEntry.forRequest(auth, ctx, action, clock.instant())
                .map(entry -> audit.append(entry.withTargetUser(targetUser).withDetail(detail))
                        .recover(error -> {
                            // The change is made; a lost audit line is logged rather than reported as a failed change.
                            LOG.error("Audit entry {} for {} not written: {}", action, entry.actorId(),
                                    error.getMessage());
                            return Future.succeededFuture();
                        }))
                .orElse(Future.succeededFuture());
    }

    /** Returns the presence field, or {@code null} for anything but a string, which is rejected as {@code invalid_presence}. */
    private static String presence(JsonObject body) {
        return body.getValue("presence") instanceof String text ? text : null;
    }

    private static String string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.invalid(List.of(FieldError.of(field, "invalid_value")));
        }
        return text.isBlank() ? null : text.strip();
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
