package io.yikou.channels.voice;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.channels.voice.actions.CallControl;
import io.yikou.channels.voice.actions.SpyMode;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiException;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.lease.AmiLease;
import io.yikou.channels.voice.live.LiveJson;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.channels.voice.live.LivePublisher;
import io.yikou.channels.voice.live.LiveSynchronizer;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.Contact;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.module.ModuleContext;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice staff API under {@code /api/v1/voice}: the live view for agents and the wallboard,
 * queue and call actions for agents, and monitoring (listen, whisper, barge) for supervisors.
 *
 * <p>When Asterisk refuses an action the response is 409 with Asterisk's reason; while no AMI
 * session is up it is 503, and 504 when Asterisk does not answer in time.
 */
final class VoiceApi {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceApi.class);
    private static final Pattern DIAL_NUMBER = Pattern.compile("\\+?[0-9]{3,20}");
    private static final Pattern DIALPLAN_WORD = Pattern.compile("[A-Za-z0-9_.+*#-]{1,80}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_./@:;-]{3,120}");
    private static final int MAX_REASON_CHARS = 40;

    private final ModuleContext context;
    private final LiveModel model;
    private final AmiLease lease;
    private final AmiClient events;
    private final CallControl calls;
    private final VoiceContacts contacts;
    private final LiveSynchronizer synchronizer;

    VoiceApi(ModuleContext context, LiveModel model, AmiLease lease, AmiClient events, CallControl calls,
             VoiceContacts contacts, LiveSynchronizer synchronizer) {
        this.context = context;
        this.model = model;
        this.lease = lease;
        this.events = events;
        this.calls = calls;
        this.contacts = contacts;
        this.synchronizer = synchronizer;
    }

    void mount(Router router) {
        String base = "/api/v1/voice";
        router.get(base + "/status").handler(context.staffAuth().require(Role.AGENT)).handler(this::status);
        router.get(base + "/live").handler(context.staffAuth().require(Role.AGENT)).handler(this::live);
        router.get(base + "/pauses").handler(context.staffAuth().require(Role.SUPERVISOR)).handler(this::pauses);
        router.post(base + "/members").handler(context.staffAuth().require(Role.AGENT)).handler(this::addMember);
        router.post(base + "/members/remove").handler(context.staffAuth().require(Role.AGENT)).handler(this::removeMember);
        router.post(base + "/members/pause").handler(context.staffAuth().require(Role.AGENT)).handler(this::pause);
        router.post(base + "/calls/:linkedid/redirect").handler(context.staffAuth().require(Role.AGENT))
                .handler(this::redirect);
        router.post(base + "/calls/:linkedid/hangup").handler(context.staffAuth().require(Role.AGENT))
                .handler(this::hangup);
        router.post(base + "/callbacks").handler(context.staffAuth().require(Role.AGENT)).handler(this::callback);
        router.post(base + "/spy").handler(context.staffAuth().require(Role.SUPERVISOR)).handler(this::spy);
        router.post(base + "/contacts/:id/tickets").handler(context.staffAuth().require(Role.AGENT))
                .handler(this::attachTicket);
    }

    private void status(RoutingContext ctx) {
        AmiClient.State actionState = calls.client().state();
        JsonObject body = new JsonObject()
                .put("asteriskEndpoint", calls.client().options().endpoint())
                .put("actionSession", actionState.name().toLowerCase(Locale.ROOT))
                .put("leaseHeld", lease.isHeld())
                .put("eventSession", events.state().name().toLowerCase(Locale.ROOT))
                .put("label", context.messages().get(locale(ctx), label(actionState)))
                .put("lastError", calls.client().lastError())
                .put("failedAttempts", calls.client().failedAttempts());
        lease.holder().onComplete(holder -> {
            body.put("leaseHolder", holder.succeeded() ? holder.result() : null);
            json(ctx, 200, body);
        });
    }

    static String label(AmiClient.State state) {
        return switch (state) {
            case CONNECTED, SYNCHRONIZING -> "voice.ami.connected";
            case LOGIN_REJECTED -> "voice.ami.login_rejected";
            case STOPPED -> "voice.ami.stopped";
            default -> "voice.ami.reconnecting";
        };
    }

    private void live(RoutingContext ctx) {
        snapshot().onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** The live view: this node's model while it holds the lease, else the holder's snapshot in Redis. */
    private Future<JsonObject> snapshot() {
        if (lease.isHeld() && synchronizer.isConnected()) {
            return Future.succeededFuture(LiveJson.snapshot(model, context.clock().instant()).put("source", "local"));
        }
        return context.redis().call(c -> c.get(LivePublisher.SNAPSHOT_KEY)).map(text -> text == null
                ? new JsonObject().put("queues", new JsonArray()).put("calls", new JsonArray()).put("source", "none")
                : new JsonObject(text).put("source", "redis"));
    }

    private void pauses(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("pauses", LiveJson.pauses(model.pauseHistory())));
    }

    private void addMember(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String queue = required(body, "queue", DIALPLAN_WORD);
        String memberInterface = required(body, "interface", INTERFACE);
        String name = optionalText(body, "memberName", 40);
        String stateInterface = body.getString("stateInterface") == null ? null : required(body, "stateInterface", INTERFACE);
        Integer penalty = body.getInteger("penalty");
        reply(ctx, calls.addMember(queue, memberInterface, name, stateInterface, penalty,
                Boolean.TRUE.equals(body.getBoolean("paused"))), 201);
    }

    private void removeMember(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        reply(ctx, calls.removeMember(required(body, "queue", DIALPLAN_WORD), required(body, "interface", INTERFACE)),
                200);
    }

    private void pause(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String queue = body.getString("queue") == null ? null : required(body, "queue", DIALPLAN_WORD);
        String memberInterface = required(body, "interface", INTERFACE);
        Boolean paused = body.getBoolean("paused");
        if (paused == null) {
            throw ApiException.invalid(List.of(FieldError.of("paused", "required")));
        }
        String reason = optionalText(body, "reason", MAX_REASON_CHARS);
        reply(ctx, calls.pause(queue, memberInterface, paused, reason), 200);
    }

    private void redirect(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String exten = required(body, "exten", DIALPLAN_WORD);
        String dialplanContext = body.getString("context") == null ? "transfer" : required(body, "context", DIALPLAN_WORD);
        citizenChannel(ctx.pathParam("linkedid"), body)
                .compose(channel -> calls.redirect(channel, dialplanContext, exten))
                .onComplete(result -> finish(ctx, result.succeeded() ? Future.succeededFuture(result.result())
                        : Future.failedFuture(result.cause()), 200));
    }

    private void hangup(RoutingContext ctx) {
        JsonObject body = ctx.body() != null && ctx.body().length() > 0 ? JsonBodies.object(ctx) : new JsonObject();
        citizenChannel(ctx.pathParam("linkedid"), body)
                .compose(calls::hangup)
                .onComplete(result -> finish(ctx, result.succeeded() ? Future.succeededFuture(result.result())
                        : Future.failedFuture(result.cause()), 200));
    }

    private void callback(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String number = required(body, "number", DIAL_NUMBER);
        String agentChannel = required(body, "agentChannel", INTERFACE);
        reply(ctx, calls.callback(agentChannel, number, "\"96010\" <" + number + ">"), 202);
    }

    private void spy(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String supervisor = required(body, "supervisorChannel", INTERFACE);
        String agentInterface = required(body, "agentInterface", INTERFACE);
        SpyMode mode;
        try {
            mode = SpyMode.valueOf(body.getString("mode", "listen").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(FieldError.of("mode", "invalid_value")));
        }
        snapshot().compose(view -> {
            String agentChannel = bridgedChannelOf(view, agentInterface);
            if (agentChannel == null) {
                return Future.failedFuture(ApiException.of(409, "voice_agent_not_in_call", agentInterface));
            }
            LOG.info("Supervisor {} starts {} on {} from {}", context.staffAuth().actor(ctx), mode, agentChannel,
                    supervisor);
            // Listening in on a citizen's call is audited before it starts.
            return audit(ctx, AuditActions.CALL_SPY, mode.name().toLowerCase(Locale.ROOT) + " " + agentInterface, null)
                    .compose(ignored -> calls.spy(supervisor, agentChannel, mode));
        }).onComplete(result -> finish(ctx, result.succeeded() ? Future.succeededFuture(result.result())
                : Future.failedFuture(result.cause()), 202));
    }

    private void attachTicket(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String number = body.getString("ticketNumber");
        if (number == null || number.isBlank()) {
            throw ApiException.invalid(List.of(FieldError.of("ticketNumber", "required")));
        }
        String contactId = ctx.pathParam("id");
        context.contacts().find(contactId)
                .compose(found -> {
                    if (found.isEmpty() || found.get().channel() != Channel.VOICE) {
                        return Future.failedFuture(ApiException.notFound("voice_contact_not_found", contactId));
                    }
                    return context.tickets().find(number.strip());
                })
                .compose(ticket -> ticket.isEmpty()
                        ? Future.<Contact>failedFuture(ApiException.notFound("ticket_not_found"))
                        : context.contacts().modify(contactId, c -> c.attach(number.strip(), context.clock().instant())))
                .compose(contact -> audit(ctx, AuditActions.CONTACT_TICKET_ATTACH, "voice contact " + contactId,
                        number.strip()).map(contact))
                .onSuccess(contact -> {
                    LOG.info("{} attached ticket {} to voice contact {}", context.staffAuth().actor(ctx), number,
                            contactId);
                    json(ctx, 200, new JsonObject().put("id", contact.id())
                            .put("ticketNumbers", new JsonArray(contact.ticketNumbers())));
                })
                .onFailure(error -> ctx.fail(error instanceof NoSuchElementException
                        ? ApiException.notFound("voice_contact_not_found", contactId) : error));
    }

    /** Appends an audit entry for the request's caller; succeeds at once when the auth names nobody. */
    private Future<Void> audit(RoutingContext ctx, String action, String detail, String ticketNumber) {
        return AuditEntry.forRequest(context.staffAuth(), ctx, action, context.clock().instant())
                .map(entry -> context.audit().append(entry.withDetail(detail).withTicket(ticketNumber)))
                .orElseGet(Future::succeededFuture);
    }

    /**
     * Finds the citizen's channel of a call: the one named in the body, else a live channel in an
     * inbound context that is bridged (for Local channels that is the {@code ;2} half the PBX runs).
     */
    private Future<String> citizenChannel(String linkedid, JsonObject body) {
        if (body.getString("channel") != null) {
            return Future.succeededFuture(required(body, "channel", INTERFACE));
        }
        return snapshot().compose(view -> {
            for (Object item : view.getJsonArray("calls", new JsonArray())) {
                JsonObject call = (JsonObject) item;
                if (!linkedid.equals(call.getString("linkedid"))) {
                    continue;
                }
                JsonArray channels = call.getJsonArray("channels", new JsonArray());
                String fallback = null;
                for (Object c : channels) {
                    JsonObject channel = (JsonObject) c;
                    if (channel.getString("bridgeId") != null && !isAgentChannel(view, channel.getString("name"))) {
                        return Future.succeededFuture(channel.getString("name"));
                    }
                    if (fallback == null) {
                        fallback = channel.getString("name");
                    }
                }
                if (fallback != null) {
                    return Future.succeededFuture(fallback);
                }
            }
            return Future.failedFuture(ApiException.notFound("voice_call_not_found", linkedid));
        });
    }

    private static boolean isAgentChannel(JsonObject view, String channelName) {
        for (Object q : view.getJsonArray("queues", new JsonArray())) {
            for (Object m : ((JsonObject) q).getJsonArray("members", new JsonArray())) {
                String memberInterface = ((JsonObject) m).getString("interface");
                if (memberInterface != null && channelName != null && channelName.startsWith(prefix(memberInterface))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String bridgedChannelOf(JsonObject view, String memberInterface) {
        String prefix = prefix(memberInterface);
        for (Object item : view.getJsonArray("calls", new JsonArray())) {
            for (Object c : ((JsonObject) item).getJsonArray("channels", new JsonArray())) {
                JsonObject channel = (JsonObject) c;
                String name = channel.getString("name");
                if (name != null && name.startsWith(prefix) && channel.getString("bridgeId") != null) {
                    return name;
                }
            }
        }
        return null;
    }

    private static String prefix(String memberInterface) {
        String base = memberInterface.endsWith("/n") ? memberInterface.substring(0, memberInterface.length() - 2)
                : memberInterface;
        return base + "-";
    }

    private void reply(RoutingContext ctx, Future<AmiMessage> action, int status) {
        action.onComplete(result -> finish(ctx, result.succeeded() ? Future.succeededFuture(result.result())
                : Future.failedFuture(result.cause()), status));
    }

    private void finish(RoutingContext ctx, Future<AmiMessage> result, int status) {
        if (result.succeeded()) {
            json(ctx, status, new JsonObject().put("asteriskMessage", result.result().get("Message", "")));
            return;
        }
        ctx.fail(toApi(result.cause()));
    }

    /** Maps an AMI failure to the HTTP error staff see. */
    static Throwable toApi(Throwable error) {
        if (error instanceof ApiException) {
            return error;
        }
        if (error instanceof AmiException.ActionRejected rejected) {
            return ApiException.of(409, "voice_action_rejected", rejected.action(), rejected.asteriskMessage());
        }
        if (error instanceof AmiException.Timeout) {
            return ApiException.of(504, "voice_timeout");
        }
        if (error instanceof AmiException) {
            return ApiException.of(503, "voice_unavailable");
        }
        if (error instanceof IllegalArgumentException) {
            return ApiException.badRequest("voice_invalid_value");
        }
        return error;
    }

    private static String required(JsonObject body, String field, Pattern pattern) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiException.invalid(List.of(FieldError.of(field, "required")));
        }
        if (!pattern.matcher(text.strip()).matches()) {
            throw ApiException.invalid(List.of(FieldError.of(field, "invalid_value")));
        }
        return text.strip();
    }

    private static String optionalText(JsonObject body, String field, int maxChars) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.invalid(List.of(FieldError.of(field, "wrong_type", "string")));
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxChars) {
            throw ApiException.invalid(List.of(FieldError.of(field, "too_long", maxChars)));
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(List.of(FieldError.of(field, "control_characters")));
        }
        return stripped.isEmpty() ? null : stripped;
    }

    private static Locale locale(RoutingContext ctx) {
        return io.yikou.core.i18n.Messages.negotiate(ctx.request().getHeader("Accept-Language"));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
