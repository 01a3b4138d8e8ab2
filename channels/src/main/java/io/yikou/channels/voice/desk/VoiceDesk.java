package io.yikou.channels.voice.desk;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.actions.CallControl;
import io.yikou.channels.voice.ami.AmiException;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.lease.AmiLease;
import io.yikou.channels.voice.live.LiveChange;
import io.yikou.channels.voice.live.LiveMember;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.channels.voice.live.LivePublisher;
import io.yikou.channels.voice.live.LiveQueue;
import io.yikou.channels.voice.live.MemberStatus;
import io.yikou.core.contact.Contact;
import io.yikou.core.module.ModuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice channel's services for the agent desktop and the ACD, over the local event bus.
 *
 * <ul>
 *   <li>Sends {@code voice.member-status} on every queue member change, and builds a screen pop when a
 *       queue call starts ringing at a member interface. Both follow the live model, which only the
 *       node holding the AMI lease feeds, so exactly one node does this for each change.</li>
 *   <li>Answers {@code voice.member} ({@code add}, {@code remove}, {@code pause}, {@code unpause}) through
 *       this node's AMI action session, which every node keeps.</li>
 *   <li>Answers {@code voice.queue-stats} with the figures of each Asterisk queue for the wallboard.</li>
 * </ul>
 */
public final class VoiceDesk implements Consumer<LiveChange> {

    public static final String MEMBER_STATUS = "voice.member-status";
    public static final String MEMBER = "voice.member";
    public static final String QUEUE_STATS = "voice.queue-stats";

    private static final Logger LOG = LoggerFactory.getLogger(VoiceDesk.class);
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_.+*#-]{1,80}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_./@:;-]{3,120}");
    private static final int MAX_REASON_CHARS = 40;
    private static final int MAX_POPPED = 10_000;
    private static final int MAX_CONTACTS_PER_DAY = 50_000;
    /** How long the day's contacts are reused between wallboard ticks; waiting callers are always live. */
    private static final long CONTACTS_REUSE_MILLIS = 5_000;

    private final ModuleContext context;
    private final LiveModel model;
    private final AmiLease lease;
    private final CallControl calls;
    private final ScreenPopBuilder screenPops;
    /** Rings already popped, as {@code linkedid|interface}, oldest first; guarded by the model's lock. */
    private final Set<String> popped = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_POPPED;
        }
    });
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    /** The latest read of the day's contacts, reused for a few seconds; read and written on one context. */
    private ContactsRead lastContacts;

    private record ContactsRead(Instant from, long readAtMillis, Future<List<Contact>> contacts) {
    }

    public VoiceDesk(ModuleContext context, LiveModel model, AmiLease lease, CallControl calls, VoiceContacts contacts) {
        this.context = context;
        this.model = model;
        this.lease = lease;
        this.calls = calls;
        this.screenPops = new ScreenPopBuilder(context, contacts);
    }

    /** Registers the consumers of {@code voice.member} and {@code voice.queue-stats} on this node. */
    public void start() {
        consumers.add(context.vertx().eventBus().localConsumer(MEMBER, this::member));
        consumers.add(context.vertx().eventBus().localConsumer(QUEUE_STATS, this::queueStats));
    }

    public void stop() {
        consumers.forEach(MessageConsumer::unregister);
        consumers.clear();
    }

    // ---- member changes and screen pops (inside the model's lock: nothing here blocks) ----

    @Override
    public void accept(LiveChange change) {
        if (change.kind() != LiveChange.Kind.MEMBER_CHANGED) {
            return;
        }
        int bar = change.key().indexOf('|');
        if (bar < 0) {
            return;
        }
        String queue = change.key().substring(0, bar);
        String memberInterface = change.key().substring(bar + 1);
        LiveMember member = model.findQueue(queue).flatMap(q -> q.members().stream()
                .filter(m -> m.memberInterface().equals(memberInterface)).findFirst()).orElse(null);
        context.vertx().eventBus().publish(MEMBER_STATUS, memberStatus(queue, memberInterface, member));
        if (member != null && member.currentCall() != null && ringing(member) && popped.add(member.currentCall() + "|" + memberInterface)) {
            model.call(member.currentCall()).ifPresent(call ->
                    context.vertx().runOnContext(v -> screenPops.pop(call, queue, memberInterface)));
        }
    }

    /** Tells whether the member's phone rings for a queue call: called, not yet connected. */
    static boolean ringing(LiveMember member) {
        return member.status() == MemberStatus.RINGING || member.status() == MemberStatus.RING_IN_USE
                || (member.currentCall() != null && !member.inCall());
    }

    /** Builds the {@code voice.member-status} body; a removed member has status {@code removed}. */
    static JsonObject memberStatus(String queue, String memberInterface, LiveMember member) {
        if (member == null) {
            return new JsonObject().put("interface", memberInterface).put("queue", queue).put("status", "removed")
                    .put("paused", false).put("pausedReason", null).put("linkedid", null).put("ringing", false)
                    .put("inCall", false);
        }
        return new JsonObject()
                .put("interface", memberInterface)
                .put("queue", queue)
                .put("status", member.status().name().toLowerCase(Locale.ROOT))
                .put("paused", member.paused())
                .put("pausedReason", member.pausedReason())
                .put("linkedid", member.currentCall())
                .put("ringing", member.currentCall() != null && ringing(member))
                .put("inCall", member.inCall());
    }

    // ---- voice.member ----

    private void member(Message<JsonObject> message) {
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        String action = body.getString("action");
        String memberInterface = body.getValue("interface") instanceof String s ? s.strip() : null;
        List<String> queues = new ArrayList<>();
        for (Object item : body.getJsonArray("queues", new JsonArray())) {
            if (!(item instanceof String name) || !QUEUE_NAME.matcher(name).matches()) {
                message.fail(400, "invalid queue name: " + item);
                return;
            }
            queues.add(name);
        }
        String reason = body.getValue("reason") instanceof String r && !r.isBlank() ? r.strip() : null;

        if (memberInterface == null || !INTERFACE.matcher(memberInterface).matches()) {
            message.fail(400, "interface missing or invalid");
            return;
        }
        if (reason != null && (reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS
                || reason.chars().anyMatch(Character::isISOControl))) {
            message.fail(400, "reason longer than " + MAX_REASON_CHARS + " characters or with control characters");
            return;
        }
        if (("add".equals(action) || "remove".equals(action)) && queues.isEmpty()) {
            message.fail(400, "queues missing for " + action);
            return;
        }

        Future<Void> done;
        switch (action == null ? "" : action) {
            case "add" -> done = each(queues, q -> calls.addMember(q, memberInterface, null, null, null, false));
            case "remove" -> done = each(queues, q -> calls.removeMember(q, memberInterface));
            case "pause" -> done = queues.isEmpty() ? calls.pause(null, memberInterface, true, reason).mapEmpty()
                    : each(queues, q -> calls.pause(q, memberInterface, true, reason));
            case "unpause" -> done = queues.isEmpty() ? calls.pause(null, memberInterface, false, null).mapEmpty()
                    : each(queues, q -> calls.pause(q, memberInterface, false, null));
            default -> {
                message.fail(400, "action must be add, remove, pause or unpause, not " + action);
                return;
            }
        }

        done.onComplete(result -> {
            if (result.succeeded()) {
                LOG.info("Queue member {} {} in {}", memberInterface, action, queues.isEmpty() ? "every queue" : queues);
                message.reply(new JsonObject().put("ok", true));
                return;
            }
            Throwable error = result.cause();
            LOG.warn("Queue member {} {} in {} failed: {}", memberInterface, action, queues, error.toString());
            int code = error instanceof AmiException.ActionRejected ? 409
                    : error instanceof AmiException ? 503 : 500;
            message.fail(code, String.valueOf(error.getMessage()));
        });
    }

    /** Runs the action for each queue in turn; a member already in (or not in) a queue is not an error. */
    private static Future<Void> each(List<String> queues, java.util.function.Function<String, Future<AmiMessage>> action) {
        Future<Void> chain = Future.succeededFuture();
        for (String queue : queues) {
            chain = chain.compose(v -> action.apply(queue).<Void>mapEmpty().recover(error -> {
                if (error instanceof AmiException.ActionRejected rejected && alreadyDone(rejected.asteriskMessage())) {
                    return Future.succeededFuture();
                }
                return Future.failedFuture(error);
            }));
        }
        return chain;
    }

    /** Asterisk's QueueAdd and QueueRemove messages when the member is already in, or not in, the queue. */
    private static boolean alreadyDone(String asteriskMessage) {
        String text = asteriskMessage == null ? "" : asteriskMessage.toLowerCase(Locale.ROOT);
        return text.contains("already there") || text.contains("not there");
    }

    // ---- voice.queue-stats ----

    private void queueStats(Message<JsonObject> message) {
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        Instant from;
        Instant to;
        try {
            from = Instant.parse(body.getString("from"));
            to = Instant.parse(body.getString("to"));
        } catch (RuntimeException e) {
            message.fail(400, "from and to must be ISO-8601 instants");
            return;
        }
        Map<String, Integer> targets = new HashMap<>();
        body.getJsonObject("targets", new JsonObject()).forEach(entry -> {
            if (entry.getValue() instanceof Number n) {
                targets.put(entry.getKey(), n.intValue());
            }
        });
        int defaultTarget = body.getInteger("defaultTarget", 15);
        Future<List<LiveQueue>> live = liveQueues();
        Future<List<Contact>> today = contactsSince(from, to);
        Future.all(live, today).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Voice queue figures failed: {}", done.cause().toString());
                message.fail(500, String.valueOf(done.cause().getMessage()));
                return;
            }
            JsonArray queues = new JsonArray();
            VoiceQueueFigures.compute(live.result(), today.result(), targets, defaultTarget).values().forEach(queues::add);
            message.reply(new JsonObject().put("queues", queues));
        });
    }

    /**
     * Returns the contacts started in {@code [from, to)}, reusing a read of the same day made less than
     * five seconds ago, because the wallboard requests figures every second and a busy day holds thousands
     * of contacts.
     */
    private Future<List<Contact>> contactsSince(Instant from, Instant to) {
        long now = System.currentTimeMillis();
        ContactsRead last = lastContacts;
        if (last != null && last.from().equals(from) && now - last.readAtMillis() < CONTACTS_REUSE_MILLIS
                && !last.contacts().failed()) {
            return last.contacts();
        }
        Future<List<Contact>> read = context.contacts().recent(from, to, MAX_CONTACTS_PER_DAY);
        lastContacts = new ContactsRead(from, now, read);
        return read;
    }

    /** Returns the live queues: this node's model while it holds the lease, else the holder's snapshot in Redis. */
    private Future<List<LiveQueue>> liveQueues() {
        if (lease.isHeld()) {
            return Future.succeededFuture(model.queues());
        }
        return context.redis().call(c -> c.get(LivePublisher.SNAPSHOT_KEY)).map(text -> {
            List<LiveQueue> queues = new ArrayList<>();
            if (text == null) {
                return queues;
            }
            for (Object item : new JsonObject(text).getJsonArray("queues", new JsonArray())) {
                JsonObject queue = (JsonObject) item;
                List<LiveQueue.WaitingCaller> waiting = new ArrayList<>();
                for (Object w : queue.getJsonArray("waiting", new JsonArray())) {
                    JsonObject caller = (JsonObject) w;
                    waiting.add(new LiveQueue.WaitingCaller(caller.getString("uniqueid"), caller.getString("linkedid"),
                            caller.getInteger("position", 0), null, null, caller.getLong("waitSeconds", 0L)));
                }
                queues.add(new LiveQueue(queue.getString("name"), queue.getString("strategy"),
                        queue.getInteger("completed", 0), queue.getInteger("abandoned", 0), waiting, List.of()));
            }
            return queues;
        });
    }
}
