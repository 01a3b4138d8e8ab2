package io.yikou.core.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.agent.AgentState;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.routing.impl.AcdStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent state and the messaging ACD: turns requests, stream entries and Asterisk member changes into
 * runs of {@code acd.lua} (through {@link AcdStore}), then publishes what changed to the desks and
 * offers waiting conversations to free agents. Holds no routing state itself: every node may run one, and
 * timers live in Redis, so routing goes on across restarts and on whichever nodes are up.
 */
public final class AcdService {

    private static final Logger LOG = LoggerFactory.getLogger(AcdService.class);
    private static final Set<String> PRESENCES = Set.of("ready", "not_ready", "logged_out");
    private static final int MAX_OFFERS_PER_DISPATCH = 50;
    private static final int TIMER_BATCH = 200;
    private static final int PREVIEW_LENGTH = 60;
    /** Member statuses in which the agent's phone carries a call. */
    private static final Set<String> ON_CALL = Set.of("in_use", "busy", "on_hold", "ringinuse");
    /** Values 0 to 8 of the AMI QueueMemberStatus {@code Status} field (Asterisk's device states). */
    private static final List<String> DEVICE_STATES = List.of("unknown", "not_in_use", "in_use", "busy", "invalid",
            "unavailable", "ringing", "ringinuse", "on_hold");

    /** A staff member as the ACD shows them. */
    public record Person(String userId, String username, String displayName) {
    }

    /** Finds staff members; empty for an unknown id. */
    public interface Directory {
        Future<Optional<Person>> person(String userId);
    }

    /** The attributes of a conversation that routing uses when the conversation opens. */
    public record Entry(String conversationId, String channel, String citizenId, boolean elderly, String language,
                        String categoryGroup, String preview, String preferredAgent) {
    }

    private final Vertx vertx;
    private final AcdStore store;
    private final AcdOptions options;
    private final PushPublisher push;
    private final Directory directory;

    public AcdService(Vertx vertx, AcdStore store, AcdOptions options, PushPublisher push, Directory directory) {
        this.vertx = vertx;
        this.store = store;
        this.options = options;
        this.push = push;
        this.directory = directory;
    }

    public AcdStore store() {
        return store;
    }

    public AcdOptions options() {
        return options;
    }

    private Instant now() {
        return store.clock().instant();
    }

    // Agent state ------------------------------------------------------------------------------------

    /** Returns an agent's state as the desk shows it (a logged-out one for an agent never seen). */
    public Future<JsonObject> agentJson(String userId) {
        Future<Optional<AgentState>> state = store.agent(userId);
        Future<Optional<AgentProfile>> profile = store.profile(userId);
        Future<Optional<Person>> person = directory.person(userId);
        return Future.all(state, profile, person).map(all -> {
            Instant now = now();
            AgentProfile p = profile.result().orElse(null);
            Person who = person.result().orElse(null);
            AgentState s = state.result().orElseGet(() -> AgentState.loggedOut(userId, now));
            JsonObject json = s.toJson(who == null ? null : who.username(), who == null ? null : who.displayName(),
                    p, now);
            if (state.result().isEmpty()) {
                json.getJsonObject("chats").put("capacity", capacity(p));
            }
            return json;
        });
    }

    /** Lists every agent with a profile or a state, logged-out ones included, by user id. */
    public Future<List<JsonObject>> agentsJson() {
        Future<List<AgentProfile>> profiles = store.profiles();
        Future<List<AgentState>> states = store.agents();
        return Future.all(profiles, states).compose(all -> {
            Set<String> ids = new java.util.TreeSet<>();
            profiles.result().forEach(p -> ids.add(p.userId()));
            states.result().forEach(s -> ids.add(s.userId()));
            List<Future<JsonObject>> reads = ids.stream().map(this::agentJson).toList();
            return Future.all(reads).map(done -> reads.stream().map(Future::result).toList());
        });
    }

    /**
     * Sets an agent's presence; fails with 400 {@code invalid_presence}, {@code reason_required} or
     * {@code invalid_reason}, or 409 {@code conversations_assigned} (logging out with chats).
     */
    public Future<JsonObject> setPresence(String userId, String presence, String reason) {
        if (presence == null || !PRESENCES.contains(presence)) {
            return Future.failedFuture(ApiException.badRequest("invalid_presence"));
        }
        if ("not_ready".equals(presence)) {
            if (reason == null || reason.isBlank()) {
                return Future.failedFuture(ApiException.badRequest("reason_required"));
            }
            if (!options.knowsReason(reason)) {
                return Future.failedFuture(ApiException.badRequest("invalid_reason"));
            }
        }
        String chosenReason = "not_ready".equals(presence) ? reason : "";
        Future<Optional<AgentProfile>> profileRead = store.profile(userId);
        Future<List<QueueDefinition>> queuesRead = store.queues();
        Future<Optional<AgentState>> before = store.agent(userId);
        return Future.all(profileRead, queuesRead, before).compose(all -> {
            AgentProfile profile = profileRead.result().orElse(AgentProfile.empty(userId));
            String previous = before.result().map(AgentState::presence).orElse("logged_out");
            return store.run("presence", userId, presence, chosenReason, Integer.toString(capacity(profile)),
                            Integer.toString(options.maxChatsDuringCall()), served(profile, queuesRead.result()))
                    .compose(result -> {
                        if (!result.ok()) {
                            return Future.failedFuture(ApiException.of(409, result.error()));
                        }
                        LOG.info("Agent {} presence {} -> {}{}", userId, previous, presence,
                                chosenReason.isEmpty() ? "" : " (" + chosenReason + ")");
                        return followVoice(profile, previous, presence, chosenReason)
                                .compose(v -> after(result, true))
                                .compose(v -> agentJson(userId));
                    });
        });
    }

    /**
     * Applies the end of an agent's staff session (logout or expiry): with no chats assigned the agent
     * is logged out, with chats the agent becomes not ready with reason {@value AcdOptions#SESSION_ENDED}
     * so the chats stay assigned. Voice follows as for a manual change. An agent already logged out,
     * or a user who never had an agent state, is left alone. Completes with the presence now in force.
     */
    public Future<String> sessionEnded(String userId, String cause) {
        Future<Optional<AgentProfile>> profileRead = store.profile(userId);
        Future<List<QueueDefinition>> queuesRead = store.queues();
        return Future.all(profileRead, queuesRead).compose(all -> {
            AgentProfile profile = profileRead.result().orElse(AgentProfile.empty(userId));
            return store.run("session_end", userId, AcdOptions.SESSION_ENDED, Integer.toString(capacity(profile)),
                            Integer.toString(options.maxChatsDuringCall()), served(profile, queuesRead.result()))
                    .compose(result -> {
                        if (!result.ok()) {
                            return Future.failedFuture(ApiException.of(409, result.error()));
                        }
                        String previous = result.raw().getString("previous", "logged_out");
                        String presence = result.raw().getString("presence", "logged_out");
                        if (previous.equals(presence) && "logged_out".equals(presence)) {
                            return Future.succeededFuture(presence);
                        }
                        LOG.info("Agent {} presence {} -> {} because the staff session ended ({})", userId, previous,
                                presence, cause);
                        String reason = "not_ready".equals(presence) ? AcdOptions.SESSION_ENDED : "";
                        return followVoice(profile, previous, presence, reason)
                                .compose(v -> after(result, true))
                                .map(presence);
                    });
        });
    }

    /**
     * Sends an agent's presence change to Asterisk through the voice module. A missing or failing
     * voice module does not fail the change, but sets the agent's {@code voice.available} to {@code false}.
     */
    private Future<Void> followVoice(AgentProfile profile, String previous, String presence, String reason) {
        if (profile.memberInterface() == null || previous.equals(presence) && !"not_ready".equals(presence)) {
            return Future.succeededFuture();
        }
        List<String> actions = new ArrayList<>();
        switch (presence) {
            case "ready" -> actions.add("logged_out".equals(previous) ? "add" : "unpause");
            case "not_ready" -> {
                if ("logged_out".equals(previous)) {
                    actions.add("add");
                }
                actions.add("pause");
            }
            default -> actions.add("remove");
        }
        Future<Boolean> chain = Future.succeededFuture(true);
        for (String action : actions) {
            chain = chain.compose(ok -> ok ? voiceMember(action, profile, reason) : Future.succeededFuture(false));
        }
        return chain.compose(ok -> store.voiceAvailable(profile.userId(), ok));
    }

    private Future<Boolean> voiceMember(String action, AgentProfile profile, String reason) {
        JsonObject request = new JsonObject().put("action", action).put("interface", profile.memberInterface())
                .put("queues", new JsonArray(profile.voiceQueues())).put("reason", reason.isEmpty() ? null : reason);
        return vertx.eventBus().<JsonObject>request("voice.member", request,
                        new DeliveryOptions().setSendTimeout(5_000))
                .map(reply -> reply.body() != null && reply.body().getBoolean("ok", false))
                .otherwise(error -> {
                    if (error instanceof ReplyException reply
                            && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
                        LOG.debug("No voice module answers voice.member; agent {} has no voice", profile.userId());
                    } else {
                        LOG.warn("voice.member {} for agent {} failed: {}", action, profile.userId(),
                                error.getMessage());
                    }
                    return false;
                });
    }

    /**
     * Applies an Asterisk queue member change ({@code voice.member-status}) to the agent whose
     * profile names the interface: ringing, on a call, and wrap-up when a call ends.
     */
    public Future<Boolean> memberStatus(JsonObject change) {
        String memberInterface = change.getString("interface");
        if (memberInterface == null) {
            return Future.succeededFuture(false);
        }
        String status = deviceState(change.getValue("status"));
        boolean ringing = change.getBoolean("ringing", false) || "ringing".equals(status);
        String linkedid = change.getString("linkedid");
        String call = onCall(status, linkedid);
        boolean paused = Boolean.TRUE.equals(change.getValue("paused")) || "1".equals(change.getValue("paused"));
        String voiceStatus = ringing ? "ringing" : status;
        return store.userOfInterface(memberInterface).compose(user -> {
            if (user.isEmpty()) {
                return Future.succeededFuture(false);
            }
            // app_queue sends an empty PausedReason on unpause; the reason belongs to the pause alone.
            String reason = paused && change.getValue("pausedReason") instanceof String text ? text : "";
            return store.run("voice", user.get(), voiceStatus, call, paused ? "1" : "0", reason,
                            Long.toString(options.wrapUp().toMillis()))
                    .compose(result -> after(result, true)).map(true);
        });
    }

    /** Returns the call an agent is on for a device state: the Linkedid, {@code call} without one, or empty. */
    private static String onCall(String status, String linkedid) {
        if (!ON_CALL.contains(status)) {
            return "";
        }
        return linkedid == null || linkedid.isBlank() ? "call" : linkedid;
    }

    /** Returns the lower-case device state name of a number, an AMI name or a {@code MemberStatus} name. */
    static String deviceState(Object raw) {
        if (raw instanceof Number number && number.intValue() >= 0 && number.intValue() < DEVICE_STATES.size()) {
            return DEVICE_STATES.get(number.intValue());
        }
        if (raw instanceof String text) {
            String code = text.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
            if (code.matches("\\d")) {
                return deviceState(Integer.parseInt(code));
            }
            return switch (code) {
                case "inuse" -> "in_use";
                case "not_inuse", "notinuse", "idle" -> "not_in_use";
                case "onhold", "hold" -> "on_hold";
                case "ring_in_use" -> "ringinuse";
                default -> code;
            };
        }
        return "unknown";
    }

    /** Returns the user whose profile names a member interface, for screen pop. */
    public Future<Optional<String>> agentForInterface(String memberInterface) {
        return store.userOfInterface(memberInterface);
    }

    // Profiles and queues ------------------------------------------------------------------------------

    private int capacity(AgentProfile profile) {
        return profile == null ? options.chatCapacity() : profile.capacity(options.chatCapacity());
    }

    /** Returns the queues (comma list) an agent serves: those whose required skills the agent has. */
    static String served(AgentProfile profile, List<QueueDefinition> queues) {
        return String.join(",", servedList(profile, queues));
    }

    public static List<String> servedList(AgentProfile profile, List<QueueDefinition> queues) {
        Set<String> skills = new HashSet<>(profile.skills());
        return queues.stream().filter(q -> skills.containsAll(q.requiredSkills())).map(QueueDefinition::id).toList();
    }

    /**
     * Stores a profile and brings the agent's routing state in line with it. When a logged-in agent's
     * member interface or voice queues change, the old membership is removed and the new one added.
     */
    public Future<AgentProfile> saveProfile(AgentProfile profile) {
        Future<Optional<AgentProfile>> oldProfile = store.profile(profile.userId());
        Future<Optional<AgentState>> state = store.agent(profile.userId());
        return Future.all(oldProfile, state).compose(read -> store.saveProfile(profile).compose(saved -> {
            AgentProfile old = oldProfile.result().orElse(AgentProfile.empty(profile.userId()));
            String presence = state.result().map(AgentState::presence).orElse("logged_out");
            Future<Void> voice = Future.succeededFuture();
            boolean moved = !Objects.equals(old.memberInterface(), saved.memberInterface())
                    || !old.voiceQueues().equals(saved.voiceQueues());
            if (moved && !"logged_out".equals(presence)) {
                String reason = state.result().map(AgentState::reason).orElse(null);
                voice = followVoice(old, presence, "logged_out", "")
                        .compose(v -> followVoice(saved, "logged_out", presence, reason == null ? "" : reason));
            }
            return voice.compose(v -> syncAgent(saved)).map(saved);
        }));
    }

    private Future<Void> syncAgent(AgentProfile profile) {
        return store.queues().compose(queues -> store.run("profile", profile.userId(),
                        Integer.toString(capacity(profile)), Integer.toString(options.maxChatsDuringCall()),
                        served(profile, queues)))
                .compose(result -> after(result, true));
    }

    /** Re-reads every profile's served queues after a queue changed. */
    public Future<Void> syncAgents() {
        return store.profiles().compose(profiles -> {
            Future<Void> chain = Future.succeededFuture();
            for (AgentProfile profile : profiles) {
                chain = chain.compose(v -> syncAgent(profile));
            }
            return chain;
        });
    }

    /**
     * Creates or replaces a queue after checking its overflow target; fails with field errors. The
     * write fails with {@code version_conflict} when another queue changed during the check, since two
     * concurrent updates could otherwise each pass it and together close an overflow loop.
     */
    public Future<QueueDefinition> saveQueue(QueueDefinition queue, boolean create) {
        return store.queuesRevision().compose(revision -> store.queues().compose(queues -> {
            if (queue.overflow() != null) {
                Map<String, QueueDefinition> byId = new LinkedHashMap<>();
                queues.forEach(q -> byId.put(q.id(), q));
                byId.put(queue.id(), queue);
                if (!byId.containsKey(queue.overflow().toQueue())) {
                    return Future.failedFuture(ApiException.invalid(List.of(
                            FieldError.of("overflow.toQueue", "unknown_queue"))));
                }
                Set<String> seen = new HashSet<>();
                QueueDefinition at = queue;
                while (at != null && at.overflow() != null) {
                    if (!seen.add(at.id())) {
                        return Future.failedFuture(ApiException.invalid(List.of(
                                FieldError.of("overflow.toQueue", "overflow_loop"))));
                    }
                    at = byId.get(at.overflow().toQueue());
                }
            }
            return store.saveQueue(queue, create, revision);
        })).compose(saved -> syncAgents().map(saved));
    }

    /** Deletes a queue; fails with 409 {@code queue_not_empty} or {@code queue_in_use}. */
    public Future<Void> deleteQueue(String id) {
        return store.queuesRevision().compose(revision -> store.queues().compose(queues -> {
            if (queues.stream().noneMatch(q -> q.id().equals(id))) {
                return Future.failedFuture(ApiException.notFound("queue_not_found"));
            }
            if (queues.stream().anyMatch(q -> q.overflow() != null && id.equals(q.overflow().toQueue()))) {
                return Future.failedFuture(ApiException.of(409, "queue_in_use"));
            }
            return store.waitingFigures(id).compose(figures -> figures[0] > 0
                    ? Future.failedFuture(ApiException.of(409, "queue_not_empty"))
                    : store.deleteQueue(id, revision));
        })).compose(v -> syncAgents());
    }

    // Routing --------------------------------------------------------------------------------------------

    /** Picks the queue for a conversation: the first matching one by order and id, else the default. */
    static Optional<QueueDefinition> chooseQueue(List<QueueDefinition> queues, Entry entry,
                                                 Optional<String> defaultQueue) {
        for (QueueDefinition queue : queues) {
            if (queue.match().matches(entry.channel(), entry.language(), entry.categoryGroup(), entry.elderly())) {
                return Optional.of(queue);
            }
        }
        return defaultQueue.flatMap(id -> queues.stream().filter(q -> q.id().equals(id)).findFirst());
    }

    /** Puts a conversation that just opened into its queue (or the failures list) and offers it. */
    public Future<AcdResult> enqueue(Entry entry) {
        return enqueue(entry, false);
    }

    /**
     * Like {@link #enqueue(Entry)}; {@code textSeen} records that the entry's language and category
     * group came from citizen text, so the first text message does not re-evaluate them.
     */
    public Future<AcdResult> enqueue(Entry entry, boolean textSeen) {
        return store.queues().compose(queues -> {
            Optional<QueueDefinition> queue = chooseQueue(queues, entry, options.defaultQueue());
            String preview = preview(entry.preview());
            List<String> reasons = new ArrayList<>();
            int priority = 0;
            if (entry.elderly()) {
                priority += options.elderlyPriority();
                reasons.add("elderly");
            }
            if (queue.isEmpty()) {
                LOG.warn("No queue takes conversation {} ({}); it is a routing failure", entry.conversationId(),
                        entry.channel());
                return store.run("unroutable", entry.conversationId(), "no_queue", "", entry.channel(),
                        entry.citizenId(), preview, Integer.toString(priority), String.join(",", reasons));
            }
            QueueDefinition q = queue.get();
            priority += q.priority();
            String[] overflow = overflowTimer(entry.conversationId(), q);
            return store.run("enqueue", entry.conversationId(), q.id(), Integer.toString(priority),
                    String.join(",", reasons), entry.preferredAgent(), entry.channel(), entry.citizenId(), preview,
                    overflow[0], overflow[1], entry.language(), entry.categoryGroup(), textSeen ? "1" : "0");
        }).compose(result -> after(result, true).map(result));
    }

    /** Returns the overflow timer member and due time (epoch ms) of a conversation entering a queue, or blanks. */
    private String[] overflowTimer(String conversationId, QueueDefinition queue) {
        if (queue.overflow() == null) {
            return new String[] {"", ""};
        }
        return new String[] {"overflow|" + conversationId + "|" + queue.id() + "|" + queue.overflow().toQueue(),
                Long.toString(now().plusSeconds(queue.overflow().afterSeconds()).toEpochMilli())};
    }

    /**
     * Stores the language and category group a conversation got from its first citizen text and, while
     * it still waits, moves it to the first queue they match (it stays where it is when none does).
     * The script checks the status, so a conversation offered or assigned meanwhile is never moved.
     * Completes with whether it moved.
     */
    public Future<Boolean> reattribute(String conversationId, String language, String categoryGroup) {
        return Future.all(store.routing(conversationId), store.queues()).compose(all -> {
            Optional<Map<String, String>> routing = all.resultAt(0);
            List<QueueDefinition> queues = all.resultAt(1);
            if (routing.isEmpty()) {
                return Future.succeededFuture(false);
            }
            Map<String, String> r = routing.get();
            Entry entry = new Entry(conversationId, r.get("channel"), r.get("citizenId"), has(r.get("reasons"), "elderly"),
                    language, categoryGroup, null, null);
            Optional<QueueDefinition> target = "waiting".equals(r.get("status"))
                    ? chooseQueue(queues, entry, options.defaultQueue()) : Optional.empty();
            String[] overflow = target.filter(q -> !q.id().equals(r.get("queue")))
                    .map(q -> overflowTimer(conversationId, q)).orElse(new String[] {"", ""});
            return store.run("reattribute", conversationId, language, categoryGroup,
                            target.map(QueueDefinition::id).orElse(""), overflow[0], overflow[1])
                    .compose(result -> {
                        boolean moved = result.raw().getBoolean("moved", false);
                        if (moved) {
                            LOG.info("Conversation {} moved from queue {} to {} (language {}, category group {})",
                                    conversationId, r.get("queue"), target.get().id(), language, categoryGroup);
                        }
                        return after(result, true).map(moved);
                    });
        });
    }

    private static String preview(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.codePointCount(0, flat.length()) <= PREVIEW_LENGTH ? flat
                : flat.substring(0, flat.offsetByCodePoints(0, PREVIEW_LENGTH));
    }

    /** Records the latest citizen text of a waiting or offered conversation for offers. */
    public Future<Void> updatePreview(String conversationId, String text) {
        return store.routing(conversationId).compose(found -> found.isPresent()
                && !"done".equals(found.get().get("status"))
                ? store.preview(conversationId, preview(text)) : Future.succeededFuture());
    }

    /** Offers the head of a queue to free agents. */
    public Future<Integer> dispatch(String queueId) {
        return store.queue(queueId).compose(queue -> {
            if (queue.isEmpty()) {
                return Future.succeededFuture(0);
            }
            long offerMs = queue.get().offerTimeout((int) options.offerTimeout().toSeconds()) * 1000L;
            return store.run("dispatch", queueId, Long.toString(offerMs), Integer.toString(MAX_OFFERS_PER_DISPATCH))
                    .compose(result -> after(result, false).map(result.raw().getInteger("offers", 0)));
        });
    }

    /** Offers waiting conversations in every queue; the sweep that catches anything a trigger missed. */
    public Future<Integer> dispatchAll() {
        return store.queues().compose(queues -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (QueueDefinition queue : queues) {
                chain = chain.compose(total -> dispatch(queue.id()).map(made -> total + made));
            }
            return chain;
        });
    }

    /** Fires due timers (offer expiry, wrap-up end, overflow) and offers what they freed. */
    public Future<Integer> fireTimers() {
        return store.run("timers", Integer.toString(TIMER_BATCH), options.missedOfferNotReady() ? "1" : "0")
                .compose(result -> after(result, true).map(result.raw().getInteger("fired", 0)));
    }

    /** Accepts an offer; fails with 409 {@code offer_expired}. Completes with the {@code Assignment}. */
    public Future<JsonObject> accept(String conversationId, String userId) {
        return store.routing(conversationId).compose(found -> {
            String queueId = found.map(r -> r.get("queue")).orElse("");
            return store.queue(queueId);
        }).compose(queue -> {
            long target = queue.map(q -> q.serviceLevel((int) options.serviceLevel().toSeconds()))
                    .orElse((int) options.serviceLevel().toSeconds()) * 1000L;
            return store.run("accept", conversationId, userId, Long.toString(target));
        }).compose(result -> result.ok()
                ? after(result, true).compose(v -> assignment(conversationId))
                : Future.failedFuture(ApiException.of(409, "offer_expired")));
    }

    /** Declines an offer; fails with 409 {@code offer_expired}. */
    public Future<Void> decline(String conversationId, String userId) {
        return store.run("decline", conversationId, userId).compose(result -> result.ok()
                ? after(result, true)
                : Future.failedFuture(ApiException.of(409, "offer_expired")));
    }

    /**
     * Takes a closed conversation out of routing and frees its agent's capacity. It also stores the
     * agent of each ticket filed from the conversation, for the citizen's next contact.
     */
    public Future<Void> close(String conversationId, String reason, String citizenId, List<String> tickets) {
        long wrapMs = options.wrapUpAfterChat() ? options.wrapUp().toMillis() : 0;
        return store.routing(conversationId).compose(before -> {
            String agent = before.map(r -> r.get("agent")).orElse("");
            boolean assigned = before.map(r -> "assigned".equals(r.get("status"))).orElse(false);
            return store.run("close", conversationId, reason, Long.toString(wrapMs)).compose(result -> {
                Future<Void> remember = Future.succeededFuture();
                if (assigned && !agent.isEmpty() && citizenId != null) {
                    for (String ticket : tickets) {
                        remember = remember.compose(v -> store.rememberTicketAgent(citizenId, ticket, agent));
                    }
                    String closedBy = agent;
                    remember = remember.compose(v -> publish(new PushEvent("agent", "conversation.closed", now(),
                            closedBy, new JsonObject().put("conversationId", conversationId).put("reason", reason))));
                }
                return remember.compose(v -> after(result, true));
            });
        });
    }

    /**
     * Transfers a conversation to an agent ({@code toAgent}) or a queue; completes with its
     * {@code Routing}.
     *
     * @param anyConversation whether the caller may transfer conversations not assigned to them (supervisors)
     */
    public Future<JsonObject> transfer(String conversationId, String toAgent, String toQueue, String actor,
                                       boolean anyConversation) {
        if ((toAgent == null) == (toQueue == null)) {
            return Future.failedFuture(ApiException.badRequest("invalid_transfer"));
        }
        Future<Long> offerMs;
        if (toQueue != null) {
            offerMs = store.queue(toQueue).compose(queue -> queue.isEmpty()
                    ? Future.failedFuture(ApiException.notFound("queue_not_found"))
                    : Future.succeededFuture(options.offerTimeout().toMillis()));
        } else {
            offerMs = Future.all(store.agent(toAgent), store.profile(toAgent)).compose(all -> {
                Optional<AgentState> state = all.resultAt(0);
                Optional<AgentProfile> profile = all.resultAt(1);
                if (state.isEmpty() && profile.isEmpty()) {
                    return Future.failedFuture(ApiException.notFound("agent_not_found"));
                }
                return Future.succeededFuture(options.offerTimeout().toMillis());
            });
        }
        return offerMs.compose(ms -> store.run("transfer", conversationId, toAgent != null ? "agent" : "queue",
                        toAgent != null ? toAgent : toQueue, actor, anyConversation ? "1" : "0", Long.toString(ms),
                        Integer.toString(options.transferPriority())))
                .compose(result -> {
                    if (!result.ok()) {
                        int status = switch (result.error()) {
                            case "conversation_not_routed" -> 404;
                            case "not_assigned_to_you" -> 403;
                            default -> 409;
                        };
                        return Future.failedFuture(ApiException.of(status, result.error()));
                    }
                    LOG.info("Conversation {} transferred to {} {} by {}", conversationId,
                            toAgent != null ? "agent" : "queue", toAgent != null ? toAgent : toQueue, actor);
                    return after(result, true).compose(v -> routingJson(conversationId));
                });
    }

    /**
     * Puts an unroutable conversation back into routing, into {@code queue} or the queue it matches now.
     * Fails with {@code conversation_not_failed} for one that is waiting, offered or assigned.
     */
    public Future<JsonObject> retry(String conversationId, String queueId) {
        return store.routing(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("conversation_not_routed"));
            }
            Map<String, String> routing = found.get();
            if ("done".equals(routing.get("status"))) {
                return Future.failedFuture(ApiException.of(409, "conversation_closed"));
            }
            if (!"unroutable".equals(routing.get("status"))) {
                return Future.failedFuture(ApiException.of(409, "conversation_not_failed"));
            }
            return store.queues().compose(queues -> {
                Optional<QueueDefinition> target;
                if (queueId != null) {
                    target = queues.stream().filter(q -> q.id().equals(queueId)).findFirst();
                    if (target.isEmpty()) {
                        return Future.failedFuture(ApiException.notFound("queue_not_found"));
                    }
                } else {
                    boolean elderly = has(routing.get("reasons"), "elderly");
                    String language = routing.getOrDefault("language", "");
                    String group = routing.getOrDefault("categoryGroup", "");
                    Entry entry = new Entry(conversationId, routing.get("channel"), routing.get("citizenId"), elderly,
                            language.isEmpty() ? ConversationAttributes.DEFAULT_LANGUAGE : language,
                            group.isEmpty() ? null : group, null, null);
                    target = chooseQueue(queues, entry, options.defaultQueue());
                }
                if (target.isEmpty()) {
                    return routingJson(conversationId);
                }
                return store.run("retry", conversationId, target.get().id()).compose(result -> result.ok()
                        ? after(result, true).compose(v -> routingJson(conversationId))
                        : Future.failedFuture(ApiException.of(409, result.error())));
            });
        });
    }

    private static boolean has(String list, String item) {
        return list != null && Arrays.asList(list.split(",")).contains(item);
    }

    // JSON ---------------------------------------------------------------------------------------------------

    private static String instant(String millis) {
        if (millis == null || millis.isEmpty() || "0".equals(millis)) {
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(millis)).toString();
    }

    private static JsonArray list(String csv) {
        JsonArray array = new JsonArray();
        if (csv != null && !csv.isEmpty()) {
            Arrays.stream(csv.split(",")).forEach(array::add);
        }
        return array;
    }

    private static int integer(String value) {
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    /** Returns a conversation's {@code Routing} record; fails with 404 {@code conversation_not_routed}. */
    public Future<JsonObject> routingJson(String conversationId) {
        return store.routing(conversationId).compose(found -> found.isEmpty()
                ? Future.failedFuture(ApiException.notFound("conversation_not_routed"))
                : Future.succeededFuture(routingJson(conversationId, found.get())));
    }

    static JsonObject routingJson(String conversationId, Map<String, String> r) {
        String agent = r.getOrDefault("agent", "");
        return new JsonObject()
                .put("conversationId", conversationId)
                .put("status", r.get("status"))
                .put("queue", r.getOrDefault("queue", "").isEmpty() ? null : r.get("queue"))
                .put("priority", integer(r.get("priority")))
                .put("reasons", list(r.get("reasons")))
                .put("enqueuedAt", instant(r.get("enqueuedAt")))
                .put("waitingSince", instant(r.get("waitingSince")))
                .put("agentId", agent.isEmpty() ? null : agent)
                .put("offerExpiresAt", "offered".equals(r.get("status")) ? instant(r.get("offerExpires")) : null)
                .put("overflowedFrom", r.getOrDefault("overflowedFrom", "").isEmpty() ? null : r.get("overflowedFrom"))
                .put("declinedBy", list(r.get("declined")))
                .put("version", Long.parseLong(r.getOrDefault("version", "0")));
    }

    /** Returns the {@code Offer} of an offered conversation, empty when it is not offered. */
    public Future<Optional<JsonObject>> offerJson(String conversationId) {
        return store.routing(conversationId).map(found -> found
                .filter(r -> "offered".equals(r.get("status")))
                .map(r -> {
                    String by = r.getOrDefault("transferredBy", "");
                    return new JsonObject()
                            .put("conversationId", conversationId)
                            .put("offerId", r.get("offerId"))
                            .put("queue", r.get("queue"))
                            .put("channel", r.get("channel"))
                            .put("priority", integer(r.get("priority")))
                            .put("reasons", list(r.get("reasons")))
                            .put("waitingSince", instant(r.get("waitingSince")))
                            .put("expiresAt", instant(r.get("offerExpires")))
                            .put("preview", r.getOrDefault("preview", ""))
                            .put("transferredBy", by.isEmpty() ? null : by);
                }));
    }

    /** Returns the {@code Assignment} of an assigned conversation. */
    public Future<JsonObject> assignment(String conversationId) {
        return store.routing(conversationId).compose(found -> found.isEmpty()
                ? Future.failedFuture(ApiException.notFound("conversation_not_routed"))
                : Future.succeededFuture(assignmentJson(conversationId, found.get())));
    }

    static JsonObject assignmentJson(String conversationId, Map<String, String> r) {
        long assignedAt = Long.parseLong(r.getOrDefault("assignedAt", "0"));
        long waitingSince = Long.parseLong(r.getOrDefault("waitingSince", "0"));
        return new JsonObject()
                .put("conversationId", conversationId)
                .put("queue", r.get("queue"))
                .put("channel", r.get("channel"))
                .put("agentId", r.get("agent"))
                .put("assignedAt", instant(r.get("assignedAt")))
                .put("waitSeconds", assignedAt > 0 && waitingSince > 0 ? Math.max(0, (assignedAt - waitingSince) / 1000) : 0)
                .put("priority", integer(r.get("priority")))
                .put("reasons", list(r.get("reasons")));
    }

    /** Lists the offers waiting for an agent to accept or decline them. */
    public Future<JsonArray> offersOf(String userId) {
        return store.offersOf(userId).compose(ids -> {
            List<Future<Optional<JsonObject>>> reads = ids.stream().map(this::offerJson).toList();
            return Future.all(reads).map(done -> {
                JsonArray offers = new JsonArray();
                reads.forEach(read -> read.result().filter(o -> o.getString("offerId") != null).ifPresent(offers::add));
                return offers;
            });
        });
    }

    /** Lists the conversations assigned to an agent. */
    public Future<JsonArray> assignmentsOf(String userId) {
        return store.assignedTo(userId).compose(ids -> {
            List<Future<JsonObject>> reads = ids.stream().map(this::assignment).toList();
            return Future.join(reads).map(done -> {
                JsonArray list = new JsonArray();
                reads.forEach(read -> {
                    if (read.succeeded()) {
                        list.add(read.result());
                    }
                });
                return list;
            });
        });
    }

    /** Lists the routing failures. */
    public Future<JsonArray> failures() {
        return store.failures().map(all -> {
            JsonArray list = new JsonArray();
            all.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
                JsonObject stored = new JsonObject(entry.getValue());
                list.add(new JsonObject().put("conversationId", entry.getKey())
                        .put("reason", stored.getString("reason"))
                        .put("at", instant(String.valueOf(stored.getValue("at"))))
                        .put("queue", stored.getString("queue", "").isEmpty() ? null : stored.getString("queue")));
            });
            return list;
        });
    }

    /**
     * Returns the chat figures of every queue ({@code QueueStats} with {@code kind: chat} and
     * {@code voice: null}) for the wallboard.
     */
    public Future<JsonArray> queueStats() {
        Instant now = now();
        String day = store.day(now);
        return Future.all(store.queues(), store.agents()).compose(all -> {
            List<QueueDefinition> queues = all.resultAt(0);
            List<AgentState> agents = all.resultAt(1);
            List<Future<JsonObject>> rows = new ArrayList<>();
            for (QueueDefinition queue : queues) {
                Future<long[]> waiting = store.waitingFigures(queue.id());
                Future<Long> offered = store.offeredCount(queue.id());
                Future<Map<String, String>> stats = store.stats(day, queue.id());
                rows.add(Future.all(waiting, offered, stats).map(done -> statsJson(queue, agents, waiting.result(),
                        offered.result(), stats.result(), now)));
            }
            return Future.all(rows).map(done -> {
                JsonArray list = new JsonArray();
                rows.forEach(row -> list.add(row.result()));
                return list;
            });
        });
    }

    private JsonObject statsJson(QueueDefinition queue, List<AgentState> agents, long[] waiting, long offered,
                                 Map<String, String> stats, Instant now) {
        long answered = longOf(stats, "answered");
        long abandoned = longOf(stats, "abandoned");
        long within = longOf(stats, "answeredWithinTarget");
        long handled = longOf(stats, "handled");
        Instant oldest = waiting[1] > 0 ? Instant.ofEpochMilli(waiting[1]) : null;
        JsonObject chat = new JsonObject()
                .put("waiting", waiting[0])
                .put("longestWaitSince", oldest == null ? null : oldest.toString())
                .put("longestWaitSeconds", oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds()))
                .put("offered", offered)
                .put("answered", answered)
                .put("abandoned", abandoned)
                .put("serviceLevel", answered + abandoned == 0 ? null : (double) within / (answered + abandoned))
                .put("answeredWithinTarget", within)
                .put("averageHandleSeconds", handled == 0 ? null : longOf(stats, "handleMsSum") / handled / 1000)
                .put("averageWaitSeconds", answered == 0 ? null : longOf(stats, "waitMsSum") / answered / 1000);
        JsonObject byState = new JsonObject().put("ready", 0).put("busy", 0).put("not_ready", 0).put("ringing", 0)
                .put("wrap_up", 0);
        for (AgentState agent : agents) {
            if (agent.queues().contains(queue.id()) && byState.containsKey(agent.status())) {
                byState.put(agent.status(), byState.getInteger(agent.status()) + 1);
            }
        }
        JsonObject alerts = queue.toJson().getJsonObject("alerts");
        return new JsonObject()
                .put("queue", queue.id())
                .put("name", queue.name())
                .put("kind", "chat")
                .put("chat", chat)
                .put("voice", null)
                .put("serviceLevelSeconds", queue.serviceLevel((int) options.serviceLevel().toSeconds()))
                .put("agents", byState)
                .put("voiceQueues", new JsonArray(queue.voiceQueues()))
                .put("alerts", alerts);
    }

    private static long longOf(Map<String, String> stats, String field) {
        String value = stats.get(field);
        return value == null ? 0 : Long.parseLong(value);
    }

    // Events ------------------------------------------------------------------------------------------

    /**
     * Publishes what one script run changed to the desks, then (when {@code dispatch}) offers waiting
     * conversations in the queues it touched. Publishing and dispatch failures are logged, not
     * returned, because the change is already stored and a desk gets a snapshot when it subscribes.
     */
    private Future<Void> after(AcdResult result, boolean dispatch) {
        List<Future<?>> sends = new ArrayList<>();
        Set<String> queues = new LinkedHashSet<>(result.queues());
        for (JsonObject event : result.events()) {
            sends.add(event(event, queues));
        }
        for (String agent : result.agents()) {
            sends.add(agentChanged(agent));
        }
        if (!queues.isEmpty()) {
            vertx.eventBus().publish("acd.queues-changed", new JsonObject().put("queues", new JsonArray(
                    new ArrayList<>(queues))));
        }
        Future<Void> sent = Future.join(sends).<Void>mapEmpty().otherwise(error -> {
            LOG.warn("Some desk events were not published: {}", error.getMessage());
            return null;
        });
        if (!dispatch || queues.isEmpty()) {
            return sent;
        }
        return sent.compose(v -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (String queue : queues) {
                chain = chain.compose(made -> dispatch(queue));
            }
            return chain.<Void>mapEmpty().otherwise(error -> {
                LOG.warn("Offering waiting conversations failed: {}", error.getMessage());
                return null;
            });
        });
    }

    private Future<?> event(JsonObject event, Set<String> queues) {
        String cid = event.getString("conversation");
        String agent = event.getString("agent");
        Instant at = now();
        return switch (event.getString("kind", "")) {
            case "offer" -> offerJson(cid).compose(offer -> offer.isEmpty() ? Future.succeededFuture()
                    : publish(new PushEvent("agent", "offer.new", at, agent, offer.get())));
            case "withdrawn" -> publish(new PushEvent("agent", "offer.withdrawn", at, agent, new JsonObject()
                    .put("conversationId", cid).put("offerId", event.getString("offerId"))
                    .put("reason", event.getString("reason"))));
            case "assigned" -> assignment(cid).compose(assignment ->
                    publish(new PushEvent("agent", "conversation.assigned", at, agent, assignment)));
            case "unassigned" -> publish(new PushEvent("agent", "conversation.unassigned", at, agent,
                    new JsonObject().put("conversationId", cid).put("reason", event.getString("reason"))));
            case "failure" -> publish(new PushEvent("wallboard.failures", "routing.failure", at, null, new JsonObject()
                    .put("conversationId", cid).put("reason", event.getString("reason"))
                    .put("queue", event.getString("queue", "").isEmpty() ? null : event.getString("queue"))
                    .put("at", at.toString())));
            case "overflowed" -> {
                queues.add(event.getString("queue"));
                yield armNextOverflow(cid, event.getString("queue"));
            }
            case "enqueued" -> {
                LOG.debug("Conversation {} waits in queue {}", cid, event.getString("queue"));
                yield Future.succeededFuture();
            }
            default -> Future.succeededFuture();
        };
    }

    /** After an overflow, arms the overflow of the queue the conversation moved into. */
    private Future<Void> armNextOverflow(String conversationId, String queueId) {
        return store.queue(queueId).compose(queue -> {
            if (queue.isEmpty() || queue.get().overflow() == null) {
                return Future.succeededFuture();
            }
            QueueDefinition.Overflow overflow = queue.get().overflow();
            return store.scheduleOverflow(conversationId, queueId, overflow.toQueue(),
                    now().plusSeconds(overflow.afterSeconds()));
        });
    }

    private Future<Void> agentChanged(String userId) {
        return agentJson(userId).compose(json -> {
            Instant at = now();
            return Future.all(publish(new PushEvent("agent", "agent.state", at, userId, json)),
                    publish(new PushEvent("wallboard.agents", "agent.state", at, null, json))).mapEmpty();
        });
    }

    /** Publishes {@code conversation.message} with a new citizen message to the conversation's agent. */
    public Future<Void> citizenMessage(String conversationId, JsonObject message) {
        return store.routing(conversationId).compose(found -> {
            if (found.isEmpty() || !"assigned".equals(found.get().get("status"))) {
                return Future.succeededFuture();
            }
            return publish(new PushEvent("agent", "conversation.message", now(), found.get().get("agent"),
                    new JsonObject().put("conversationId", conversationId).put("direction", "in")
                            .put("message", message)));
        });
    }

    private Future<Void> publish(PushEvent event) {
        if (push == null) {
            return Future.succeededFuture();
        }
        return push.publish(event).<Void>mapEmpty().otherwise(error -> {
            LOG.warn("Could not publish {} for {}: {}", event.event(), event.userId(), error.getMessage());
            return null;
        });
    }
}
