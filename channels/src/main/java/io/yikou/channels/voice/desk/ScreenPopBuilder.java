package io.yikou.channels.voice.desk;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.channels.voice.live.LiveCall;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.contact.Contact;
import io.yikou.core.live.AcdClient;
import io.yikou.core.live.ScreenPops;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.privacy.Masking;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code ScreenPop} of a queue call ringing at an agent's phone and pushes it to that agent:
 * the caller, the IVR path and choices from the call's contact, and the caller's earlier tickets from
 * the knowledge base's ticket history ({@code kb.history.search}). Each pop that carries the caller's
 * number is audited as {@code citizen.history-read} with the number masked.
 */
public final class ScreenPopBuilder {

    /** Event-bus address of the ticket history search (knowledge-base module). */
    static final String HISTORY_SEARCH = "kb.history.search";
    private static final int HISTORY_LIMIT = 10;
    private static final int SUMMARY_CHARS = 60;
    /** Ticket statuses after which nothing more happens to a ticket. */
    private static final Set<String> FINISHED = Set.of("closed", "evaluated", "resolved_at_first_contact",
            "merged_as_duplicate");

    private static final Logger LOG = LoggerFactory.getLogger(ScreenPopBuilder.class);

    private final ModuleContext context;
    private final VoiceContacts contacts;
    private final AcdClient acd;
    private final ScreenPops pops;
    private final PushPublisher publisher;

    public ScreenPopBuilder(ModuleContext context, VoiceContacts contacts) {
        this.context = context;
        this.contacts = contacts;
        this.acd = new AcdClient(context.vertx(), Duration.ofSeconds(2));
        this.pops = new ScreenPops(context.redis());
        this.publisher = new PushPublisher(context.redis());
    }

    /**
     * Finds the agent behind the interface, builds the call's screen pop and pushes it. Completes with
     * the pop, or {@code null} when no agent has this interface.
     */
    public Future<JsonObject> pop(LiveCall call, String queue, String memberInterface) {
        return acd.agentForInterface(memberInterface).compose(userId -> {
            if (userId == null) {
                LOG.info("Call {} rings at {}, which belongs to no agent; no screen pop", call.linkedid(), memberInterface);
                return Future.succeededFuture(null);
            }
            return build(call, queue).compose(pop -> deliver(call.linkedid(), userId, pop));
        }).onFailure(error -> LOG.warn("Screen pop of call {} at {} failed: {}", call.linkedid(), memberInterface,
                error.toString()));
    }

    private Future<JsonObject> deliver(String linkedid, String userId, JsonObject pop) {
        Future<Void> audited = Future.succeededFuture();
        if (pop.getString("callerNumber") != null) {
            AuditEntry entry = new AuditEntry(null, context.clock().instant(), "person", userId, null, null,
                    AuditActions.CITIZEN_HISTORY_READ, null, pop.getString("citizenId"), null, null,
                    "screen pop of call " + linkedid + " phone " + Masking.phone(pop.getString("callerNumber")));
            audited = context.audit().append(entry);
        }
        return audited
                .compose(v -> pops.save(linkedid, userId, pop))
                .compose(v -> publisher.publish(new PushEvent("agent", "call.screen-pop", context.clock().instant(),
                        userId, pop)))
                .map(receivers -> {
                    LOG.info("Screen pop of call {} from {} pushed to agent {}", linkedid,
                            Masking.phone(pop.getString("callerNumber")), userId);
                    return pop;
                });
    }

    /** Builds the {@code ScreenPop} JSON of a call. */
    Future<JsonObject> build(LiveCall call, String queue) {
        JsonObject pop = new JsonObject()
                .put("linkedid", call.linkedid())
                .put("queue", queue)
                .put("callerNumber", call.callerNumber())
                .put("callerNumberMasked", call.callerNumber() == null ? null : Masking.phone(call.callerNumber()))
                .put("callerName", call.callerName())
                .put("contactId", null)
                .put("citizenId", null)
                .put("ivr", null)
                .put("elderly", false);
        Future<Void> contactRead = contacts.contactOf(call.linkedid())
                .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Contact>empty())
                        : context.contacts().find(found.get().id()))
                .compose(found -> {
                    found.ifPresent(contact -> fillContact(pop, contact));
                    String citizenId = pop.getString("citizenId");
                    return citizenId == null ? Future.succeededFuture(Optional.<Citizen>empty())
                            : context.citizens().find(citizenId);
                })
                .map(citizen -> {
                    citizen.ifPresent(c -> pop.put("elderly", c.elderly()));
                    return null;
                });
        return contactRead.recover(error -> {
            LOG.warn("Screen pop of call {}: contact not read: {}", call.linkedid(), error.toString());
            return Future.succeededFuture();
        }).compose(v -> history(call.callerNumber())).map(history -> {
            JsonArray open = new JsonArray();
            for (Object item : history.getJsonArray("tickets")) {
                JsonObject ticket = (JsonObject) item;
                if (ticket.getBoolean("open")) {
                    open.add(ticket.getString("number"));
                }
            }
            return pop.put("history", history).put("openTickets", open);
        });
    }

    private static void fillContact(JsonObject pop, Contact contact) {
        pop.put("contactId", contact.id());
        pop.put("citizenId", contact.citizenId());
        var details = contact.details();
        if (details.get(VoiceDetails.IVR_FLOW) != null || Boolean.TRUE.equals(details.get(VoiceDetails.IVR))) {
            pop.put("ivr", new JsonObject()
                    .put("flow", details.get(VoiceDetails.IVR_FLOW))
                    .put("path", list(details.get(VoiceDetails.IVR_PATH)))
                    .put("choices", list(details.get(VoiceDetails.IVR_CHOICES)))
                    .put("language", details.get(VoiceDetails.LANGUAGE)));
        }
        if (pop.getString("callerName") == null && details.get(VoiceDetails.CALLER_NAME) instanceof String name) {
            pop.put("callerName", name);
        }
    }

    private static JsonArray list(Object value) {
        return value instanceof List<?> items ? new JsonArray(List.copyOf(items)) : new JsonArray();
    }

    /** Returns the caller's earlier tickets, or {@code available: false} when no history search replies. */
    private Future<JsonObject> history(String callerNumber) {
        JsonObject unavailable = new JsonObject().put("available", false).put("total", 0).put("tickets", new JsonArray());
        if (callerNumber == null) {
            return Future.succeededFuture(unavailable.put("available", true));
        }
        return context.vertx().eventBus().<JsonObject>request(HISTORY_SEARCH,
                        new JsonObject().put("phone", callerNumber).put("limit", HISTORY_LIMIT),
                        new DeliveryOptions().setSendTimeout(2000))
                .map(reply -> {
                    JsonArray tickets = new JsonArray();
                    for (Object item : reply.body().getJsonArray("tickets", new JsonArray())) {
                        tickets.add(ticket((JsonObject) item));
                    }
                    return new JsonObject().put("available", true).put("total", reply.body().getLong("total", 0L))
                            .put("tickets", tickets);
                })
                .recover(error -> {
                    LOG.info("Ticket history for a screen pop is unavailable: {}", error.toString());
                    return Future.succeededFuture(unavailable);
                });
    }

    private static JsonObject ticket(JsonObject hit) {
        String description = hit.getString("description", "");
        String summary = description.codePointCount(0, description.length()) <= SUMMARY_CHARS ? description
                : description.substring(0, description.offsetByCodePoints(0, SUMMARY_CHARS)) + "…";
        String status = hit.getString("status");
        return new JsonObject()
                .put("number", hit.getString("number"))
                .put("status", status)
                .put("type", hit.getString("type"))
                .put("category", hit.getString("category"))
                .put("createdAt", hit.getString("createdAt"))
                .put("summary", summary)
                .put("open", status != null && !FINISHED.contains(status));
    }
}
