package io.yikou.core.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.push.PushEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desk's WebSocket on {@code /api/v1/live}: its session, its topics and its send queue.
 *
 * <p>Everything but {@link #accepts} runs on the socket's own event-loop context. Events reach it
 * through {@link #send}, which hands them to the transport while the transport's buffer has room and
 * keeps at most {@code sendQueueLimit} more; a browser that falls further behind is closed with 1013
 * so that it reconnects and starts again from snapshots, and it never holds up other sockets.
 */
final class LiveSocket {

    /** Close status when the session ended. */
    static final short SESSION_ENDED = 4401;
    /** Close status when the browser reads too slowly ("try again later"). */
    static final short TOO_SLOW = 1013;
    /** Close status when the browser sends messages faster than they can be checked (policy violation). */
    static final short TOO_MANY_MESSAGES = 1008;
    /**
     * Client messages that may wait for their session check. Each check is a Redis call, so a browser
     * that floods the socket is closed instead of queueing work without bound.
     */
    static final int MAX_PENDING_MESSAGES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);

    private final LiveHub hub;
    private final ServerWebSocket socket;
    private final Context context;
    private final String connectionId;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private volatile StaffPrincipal principal;
    private volatile Set<LiveTopic> topics = Collections.unmodifiableSet(EnumSet.noneOf(LiveTopic.class));
    /** Client messages are handled one after another, so replies keep the order of the requests. */
    private Future<Void> turn = Future.succeededFuture();
    private int pendingMessages;
    private long timer = -1;
    private boolean closed;

    LiveSocket(LiveHub hub, ServerWebSocket socket, Context context, StaffPrincipal principal, String connectionId) {
        this.hub = hub;
        this.socket = socket;
        this.context = context;
        this.principal = principal;
        this.connectionId = connectionId;
    }

    void start() {
        socket.textMessageHandler(this::onMessage);
        socket.binaryMessageHandler(binary -> sendError(null, "invalid_message", null));
        socket.drainHandler(v -> drain());
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(error -> LOG.debug("Live socket {} failed: {}", connectionId, error.toString()));
        long interval = hub.options().reauthorizeInterval().toMillis();
        timer = context.owner().setPeriodic(interval, interval, id -> enqueueTurn(this::recheck));
    }

    Context context() {
        return context;
    }

    String connectionId() {
        return connectionId;
    }

    StaffPrincipal principal() {
        return principal;
    }

    /** Tells whether this socket may receive the event now; safe from any thread. */
    boolean accepts(PushEvent event) {
        StaffPrincipal who = principal;
        LiveTopic topic = LiveTopic.parse(event.topic()).orElse(null);
        if (topic == null || !topics.contains(topic) || !who.role().includes(topic.role())) {
            return false;
        }
        if (event.userId() != null) {
            return event.userId().equals(who.userId());
        }
        return !topic.personal();
    }

    /** Sends an event frame that {@link #accepts} allowed; on the socket's context. */
    void deliver(PushEvent event, String frame) {
        if (closed) {
            return;
        }
        if (LiveHub.SCREEN_POP.equals(event.event())) {
            // A screen pop carries a citizen's number and history: check the session right before it goes out.
            enqueueTurn(() -> reauthorize(false).map(check -> {
                if (check == Check.PASSED && accepts(event)) {
                    Role role = principal.role();
                    JsonObject pop = ScreenPopRoute.forRole(event.data(), role, hub.options().phoneNumberRoles());
                    send(pop == event.data() ? frame : LiveHub.frame(new PushEvent(event.topic(), event.event(),
                            event.at(), event.userId(), pop)));
                }
                return null;
            }));
            return;
        }
        send(frame);
    }

    /** Writes one text frame, queueing it behind a full transport buffer; on the socket's context. */
    void send(String frame) {
        if (closed) {
            return;
        }
        if (pending.isEmpty() && !socket.writeQueueFull()) {
            socket.writeTextMessage(frame);
            return;
        }
        if (pending.size() >= hub.options().sendQueueLimit()) {
            LOG.warn("Closing live socket {} of {}: {} events wait unsent, the browser reads too slowly", connectionId,
                    principal.actor(), pending.size());
            close(TOO_SLOW, "too_slow");
            return;
        }
        pending.add(frame);
    }

    /** Closes the socket as the server goes down or the session ends; on the socket's context. */
    void close(short status, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        socket.close(status, reason);
        onClosed();
    }

    private void drain() {
        while (!pending.isEmpty() && !socket.writeQueueFull()) {
            socket.writeTextMessage(pending.poll());
        }
    }

    private void onClosed() {
        closed = true;
        pending.clear();
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        hub.remove(this);
    }

    private void enqueueTurn(java.util.function.Supplier<Future<Void>> step) {
        turn = turn.transform(ignored -> {
            if (closed) {
                return Future.succeededFuture();
            }
            try {
                return step.get().otherwise(error -> {
                    LOG.warn("Live socket {} message failed: {}", connectionId, error.toString());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("Live socket {} message failed", connectionId, e);
                return Future.succeededFuture();
            }
        });
    }

    private void onMessage(String text) {
        if (closed) {
            return;
        }
        if (pendingMessages >= MAX_PENDING_MESSAGES) {
            LOG.warn("Closing live socket {} of {}: {} messages wait for their session check", connectionId,
                    principal.actor(), pendingMessages);
            close(TOO_MANY_MESSAGES, "too_many_messages");
            return;
        }
        pendingMessages++;
        enqueueTurn(() -> onText(text).onComplete(done -> pendingMessages--));
    }

    private Future<Void> onText(String text) {
        if (text.length() > LiveOptions.MAX_CLIENT_MESSAGE_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > LiveOptions.MAX_CLIENT_MESSAGE_BYTES) {
            sendError(null, "invalid_message", null);
            return Future.succeededFuture();
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            sendError(null, "invalid_message", null);
            return Future.succeededFuture();
        }
        Object id = message.getValue("id");
        if (id instanceof JsonObject || id instanceof JsonArray) {
            id = null;
        }
        Object requestId = id;
        String type = message.getValue("type") instanceof String s ? s : null;
        List<String> names = topicNames(message.getValue("topics"));
        boolean valid = "ping".equals(type)
                || (("subscribe".equals(type) || "unsubscribe".equals(type)) && names != null);
        if (!valid) {
            sendError(requestId, "invalid_message", null);
            return Future.succeededFuture();
        }
        return reauthorize(true).map(check -> {
            if (check == Check.UNAVAILABLE) {
                sendError(requestId, "unavailable", null);
            }
            if (check != Check.PASSED) {
                return null;
            }
            switch (type) {
                case "ping" -> send(new JsonObject().put("type", "pong").put("id", requestId).encode());
                case "subscribe" -> subscribe(requestId, names);
                default -> unsubscribe(requestId, names);
            }
            return null;
        });
    }

    private static List<String> topicNames(Object value) {
        if (!(value instanceof JsonArray array) || array.size() > LiveTopic.values().length * 4) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String name)) {
                return null;
            }
            names.add(name);
        }
        return names;
    }

    private void subscribe(Object id, List<String> names) {
        StaffPrincipal who = principal;
        EnumSet<LiveTopic> held = topics.isEmpty() ? EnumSet.noneOf(LiveTopic.class) : EnumSet.copyOf(topics);
        List<LiveTopic> added = new ArrayList<>();
        for (String name : names) {
            LiveTopic topic = LiveTopic.parse(name).orElse(null);
            if (topic == null) {
                sendError(id, "unknown_topic", name);
            } else if (!who.role().includes(topic.role())) {
                sendError(id, "forbidden", name);
            } else if (held.add(topic)) {
                added.add(topic);
            }
        }
        topics = Collections.unmodifiableSet(held);
        send(new JsonObject().put("type", "subscribed").put("id", id).put("topics", codes(held)).encode());
        for (LiveTopic topic : added) {
            hub.snapshots().snapshot(topic, who).onComplete(result -> {
                if (result.failed()) {
                    LOG.warn("Snapshot of {} for live socket {} failed: {}", topic.code(), connectionId,
                            result.cause().toString());
                    return;
                }
                for (PushEvent event : result.result()) {
                    if (accepts(event)) {
                        send(LiveHub.frame(event));
                    }
                }
            });
        }
    }

    private void unsubscribe(Object id, List<String> names) {
        EnumSet<LiveTopic> held = topics.isEmpty() ? EnumSet.noneOf(LiveTopic.class) : EnumSet.copyOf(topics);
        for (String name : names) {
            LiveTopic.parse(name).ifPresentOrElse(held::remove, () -> sendError(id, "unknown_topic", name));
        }
        topics = Collections.unmodifiableSet(held);
        send(new JsonObject().put("type", "unsubscribed").put("id", id).put("topics", codes(held)).encode());
    }

    private Future<Void> recheck() {
        return reauthorize(false).mapEmpty();
    }

    /** Outcomes of a session check. */
    private enum Check { PASSED, ENDED, UNAVAILABLE }

    /**
     * Checks the session again and drops topics the current role no longer allows; closes the socket
     * with 4401 when the session ended. Only a client message counts as use of the session, so a tab
     * left open still reaches the idle timeout.
     */
    private Future<Check> reauthorize(boolean clientMessage) {
        Future<StaffPrincipal> checked = clientMessage ? hub.auth().reauthorize(principal, Role.AGENT)
                : hub.auth().recheck(principal, Role.AGENT);
        return checked.map(current -> {
            principal = current;
            EnumSet<LiveTopic> held = topics.isEmpty() ? EnumSet.noneOf(LiveTopic.class) : EnumSet.copyOf(topics);
            List<LiveTopic> dropped = new ArrayList<>();
            held.removeIf(topic -> {
                boolean lost = !current.role().includes(topic.role());
                if (lost) {
                    dropped.add(topic);
                }
                return lost;
            });
            if (!dropped.isEmpty()) {
                topics = Collections.unmodifiableSet(held);
                for (LiveTopic topic : dropped) {
                    sendError(null, "forbidden", topic.code());
                }
                LOG.info("Live socket {} of {} lost topics {} after a role change", connectionId, current.actor(), dropped);
            }
            return Check.PASSED;
        }).recover(error -> {
            if (error instanceof ApiException api && (api.status() == 401 || api.status() == 403)) {
                LOG.info("Live socket {} of {} closed: session ended ({})", connectionId, principal.actor(), api.code());
                send(new JsonObject().put("type", "closed").put("code", "session_expired").encode());
                close(SESSION_ENDED, "session_expired");
                return Future.succeededFuture(Check.ENDED);
            }
            // Redis did not reply, so keep the connection, the next message or timer checks again.
            LOG.warn("Live socket {} could not recheck its session: {}", connectionId, error.toString());
            return Future.succeededFuture(Check.UNAVAILABLE);
        });
    }

    private void sendError(Object id, String code, String topic) {
        JsonObject error = new JsonObject().put("type", "error").put("id", id).put("code", code);
        if (topic != null) {
            error.put("topic", topic);
        }
        send(error.encode());
    }

    private static JsonArray codes(Set<LiveTopic> topics) {
        JsonArray array = new JsonArray();
        topics.forEach(topic -> array.add(topic.code()));
        return array;
    }
}
