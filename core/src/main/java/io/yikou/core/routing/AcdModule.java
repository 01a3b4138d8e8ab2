package io.yikou.core.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.citizen.CitizenRegistry;
import io.yikou.core.conversation.Conversation;
import io.yikou.core.conversation.ConversationMessage;
import io.yikou.core.conversation.ConversationStore;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.staff.SessionEndListener;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.module.Module;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-state and messaging-ACD module: its HTTP routes, the consumer group {@code acd} that
 * routes conversations as they open and close, the timers, and the event-bus addresses the live and
 * voice modules use ({@code acd.queue-stats}, {@code acd.agents}, {@code acd.agent-for-interface},
 * {@code voice.member-status}). With staff sessions it also follows their end: a logout or an expired
 * last session logs the agent out (see {@link AcdService#sessionEnded}).
 */
public final class AcdModule implements Module, StreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AcdModule.class);
    static final String GROUP = "acd";

    private final Vertx vertx;
    private final AcdService acd;
    private final ConversationStore conversations;
    private final CitizenRegistry citizens;
    private final TicketStore tickets;
    private final AcdRoutes routes;
    private final StreamConsumer consumer;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final AtomicBoolean firing = new AtomicBoolean();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean checkingSessions = new AtomicBoolean();
    private final ConversationAttributes attributes;
    private final SessionStaffAuth sessions;
    private final SessionEndListener sessionEnd = this::sessionEnded;
    private long timerId = -1;
    private long sweepId = -1;
    private long sessionCheckId = -1;

    /**
     * @param sessions the staff session service whose ends log agents out, or {@code null} when only
     *                 the service token authenticates (then no agent has a session to end)
     */
    public AcdModule(Vertx vertx, AcdService acd, ConversationStore conversations, CitizenRegistry citizens,
                     TicketStore tickets, StaffAuth auth, AuditLog audit, AcdService.Directory directory, Clock clock,
                     StreamConsumer.Options consumerOptions, io.yikou.core.redis.RedisConnector redis,
                     Duration commandTimeout, ConversationAttributes attributes, SessionStaffAuth sessions) {
        this.attributes = attributes;
        this.sessions = sessions;
        this.vertx = vertx;
        this.acd = acd;
        this.conversations = conversations;
        this.citizens = citizens;
        this.tickets = tickets;
        this.routes = new AcdRoutes(acd, auth, audit, directory, clock);
        this.consumer = new StreamConsumer(redis, consumerOptions, this, commandTimeout);
    }

    @Override
    public String name() {
        return "acd";
    }

    @Override
    public void mount(Router router) {
        routes.mount(router);
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/routing/openapi.json";
    }

    @Override
    public Future<Void> start() {
        var bus = vertx.eventBus();
        consumers.add(bus.<JsonObject>localConsumer("acd.queue-stats", message -> acd.queueStats()
                .onSuccess(queues -> message.reply(new JsonObject().put("queues", queues)))
                .onFailure(error -> message.fail(500, error.getMessage()))));
        consumers.add(bus.<JsonObject>localConsumer("acd.agents", message -> acd.agentsJson()
                .onSuccess(agents -> message.reply(new JsonObject().put("agents", new JsonArray(agents))))
                .onFailure(error -> message.fail(500, error.getMessage()))));
        consumers.add(bus.<JsonObject>localConsumer("acd.agent-for-interface", message -> {
            String memberInterface = message.body() == null ? null : message.body().getString("interface");
            if (memberInterface == null) {
                message.reply(new JsonObject().putNull("userId"));
                return;
            }
            acd.agentForInterface(memberInterface)
                    .onSuccess(user -> message.reply(new JsonObject().put("userId", user.orElse(null))))
                    .onFailure(error -> message.fail(500, error.getMessage()));
        }));
        consumers.add(bus.<JsonObject>localConsumer("voice.member-status", message -> {
            if (message.body() == null) {
                return;
            }
            acd.memberStatus(message.body()).onFailure(error -> LOG.warn("Member status of {} not applied: {}",
                    message.body().getString("interface"), error.getMessage()));
        }));
        // Timers live in Redis, so whatever was due while no node ran fires at the first tick.
        timerId = vertx.setPeriodic(acd.options().timerInterval().toMillis(), id -> fire());
        sweepId = vertx.setPeriodic(acd.options().sweepInterval().toMillis(), id -> sweep());
        if (sessions != null) {
            sessions.sessionEnds().add(sessionEnd);
            sessionCheckId = vertx.setPeriodic(acd.options().sessionCheckInterval().toMillis(),
                    id -> checkSessions());
        }
        return consumer.start().onSuccess(v -> LOG.info("ACD started: offers time out after {}, timers every {}",
                acd.options().offerTimeout(), acd.options().timerInterval()));
    }

    private void fire() {
        if (!firing.compareAndSet(false, true)) {
            return;
        }
        acd.fireTimers().onComplete(done -> {
            firing.set(false);
            if (done.failed()) {
                LOG.warn("ACD timers failed: {}", done.cause().getMessage());
            }
        });
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        acd.dispatchAll().onComplete(done -> {
            sweeping.set(false);
            if (done.failed()) {
                LOG.warn("ACD sweep failed: {}", done.cause().getMessage());
            }
        });
    }

    private void sessionEnded(String userId, String cause) {
        acd.sessionEnded(userId, cause).onFailure(error -> LOG.warn("Agent {} not updated after its session ended ({}): {}",
                userId, cause, error.getMessage()));
    }

    /**
     * Ends the presence of agents still logged in whose staff sessions all expired. Expiry has no event
     * of its own (a session ends when its idle or absolute time passes), so every node looks from time
     * to time; the script makes a second node's run for the same agent change nothing.
     */
    Future<Void> checkSessions() {
        if (sessions == null || !checkingSessions.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return acd.store().agents().compose(agents -> {
            Future<Void> chain = Future.succeededFuture();
            for (var agent : agents) {
                if ("logged_out".equals(agent.presence())) {
                    continue;
                }
                String userId = agent.userId();
                chain = chain.compose(v -> sessions.sessions().hasLiveSession(userId)).compose(live -> live
                        ? Future.<Void>succeededFuture() : acd.sessionEnded(userId, "expired").<Void>mapEmpty());
            }
            return chain;
        }).onComplete(done -> {
            checkingSessions.set(false);
            if (done.failed()) {
                LOG.warn("Checking agents' staff sessions failed: {}", done.cause().getMessage());
            }
        });
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(sweepId);
        vertx.cancelTimer(sessionCheckId);
        if (sessions != null) {
            sessions.sessionEnds().remove(sessionEnd);
        }
        consumers.forEach(MessageConsumer::unregister);
        consumers.clear();
        return consumer.stop(Duration.ofSeconds(10));
    }

    @Override
    public Future<JsonObject> health() {
        return acd.store().failures().map(failures -> new JsonObject().put("status", "ok")
                .put("routingFailures", failures.size()));
    }

    // Stream entries

    @Override
    public boolean wants(StreamEntry entry) {
        return entry.fields().containsKey("conversation") && entry.type().startsWith("conversation.");
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        String id = entry.fields().get("conversation");
        if (id == null) {
            return Future.succeededFuture();
        }
        return switch (entry.type()) {
            case "conversation.opened" -> opened(id);
            case "conversation.message" -> "in".equals(entry.fields().get("direction"))
                    ? message(id) : Future.succeededFuture();
            case "conversation.closed" -> closed(id, entry.fields().getOrDefault("reason", "closed"));
            default -> Future.succeededFuture();
        };
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        LOG.error("Gave up routing entry {} ({}) of conversation {} after {} deliveries", entry.id(), entry.type(),
                entry.fields().get("conversation"), entry.deliveries());
        return Future.succeededFuture();
    }

    private Future<Void> opened(String id) {
        return conversations.find(id).compose(found -> {
            if (found.isEmpty() || !found.get().isOpen()) {
                return Future.succeededFuture();
            }
            Conversation conversation = found.get();
            Future<Optional<Citizen>> citizen = conversation.citizenId() == null
                    ? Future.succeededFuture(Optional.empty()) : citizens.find(conversation.citizenId());
            Future<String> sticky = stickyAgent(conversation.citizenId());
            Future<String> preview = latestInbound(id).map(m -> m.map(ConversationMessage::text).orElse(null));
            Future<String> text = firstInboundText(id);
            return Future.all(citizen, sticky, preview, text).compose(all -> {
                boolean elderly = citizen.result().map(Citizen::elderly).orElse(false);
                String firstText = text.result();
                return attributes.of(id, firstText, null).compose(derived -> acd.enqueue(new AcdService.Entry(id,
                        conversation.channel().code(), conversation.citizenId(), elderly, derived.language(),
                        derived.categoryGroup(), preview.result(), sticky.result()),
                        ConversationAttributes.hasLanguage(firstText)));
            }).<Void>mapEmpty();
        });
    }

    /**
     * Returns the agent who handled the citizen's most recent open ticket, or {@code null}; routing
     * offers the conversation to that agent first when the agent can take it.
     */
    Future<String> stickyAgent(String citizenId) {
        if (citizenId == null) {
            return Future.succeededFuture(null);
        }
        return acd.store().ticketAgents(citizenId).compose(byTicket -> {
            if (byTicket.isEmpty()) {
                return Future.succeededFuture((String) null);
            }
            return tickets.findAll(new ArrayList<>(byTicket.keySet())).map(found -> found.stream()
                    .filter(ticket -> !ticket.status().isFinal())
                    .max(Comparator.comparing(Ticket::createdAt))
                    .map(ticket -> byTicket.get(ticket.number()))
                    .orElse(null));
        });
    }

    private Future<Optional<ConversationMessage>> latestInbound(String id) {
        return conversations.messages(id).map(messages -> {
            ConversationMessage latest = null;
            for (ConversationMessage message : messages) {
                if (message.isInbound()) {
                    latest = message;
                }
            }
            return Optional.ofNullable(latest);
        });
    }

    private Future<Void> message(String id) {
        return latestInbound(id).compose(latest -> {
            if (latest.isEmpty()) {
                return Future.succeededFuture();
            }
            ConversationMessage message = latest.get();
            Future<Void> preview = message.text() == null ? Future.succeededFuture()
                    : acd.updatePreview(id, message.text());
            return preview.compose(v -> firstText(id, message.text()))
                    .compose(v -> acd.citizenMessage(id, new JsonObject(JsonCodec.write(message))));
        });
    }

    /**
     * Gives a conversation the language and category group of its first citizen text when it opened
     * without one (an image, a location or a text without letters), and moves it to the queue they
     * match if it still waits unassigned. Runs once per conversation: the routing record's
     * {@code textSeen} marks that it happened.
     */
    private Future<Void> firstText(String id, String text) {
        if (!ConversationAttributes.hasLanguage(text)) {
            return Future.succeededFuture();
        }
        return acd.store().routing(id).compose(found -> {
            // The script moves it only while it waits; offered or assigned it just keeps the attributes.
            if (found.isEmpty() || "done".equals(found.get().get("status"))
                    || "1".equals(found.get().get("textSeen"))) {
                return Future.succeededFuture();
            }
            return attributes.of(id, text, found.get().get("language"))
                    .compose(derived -> acd.reattribute(id, derived.language(), derived.categoryGroup()))
                    .<Void>mapEmpty();
        });
    }

    /** Returns the text of the conversation's first inbound message that has letters, or {@code null}. */
    private Future<String> firstInboundText(String id) {
        return conversations.messages(id).map(messages -> {
            for (ConversationMessage message : messages) {
                if (message.isInbound() && ConversationAttributes.hasLanguage(message.text())) {
                    return message.text();
                }
            }
            return null;
        });
    }

    private Future<Void> closed(String id, String reason) {
        return conversations.find(id).compose(found -> {
            String citizenId = found.map(Conversation::citizenId).orElse(null);
            List<String> numbers = found.map(Conversation::ticketNumbers).orElse(List.of());
            return acd.close(id, reason, citizenId, numbers);
        });
    }
}
