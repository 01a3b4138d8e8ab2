package io.yikou.channels.voice.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP session with Asterisk's manager interface: frames incoming bytes, matches responses to
 * actions by ActionID, collects event lists, and hands every other event to a consumer.
 *
 * <p>Everything runs on the context the socket was opened on; {@link #send} may be called from any
 * thread and hops onto it. Responses for ActionIDs this connection never issued (another client's
 * echo, a late reply after a timeout) are counted and dropped.
 */
public final class AmiConnection {

    private static final Logger LOG = LoggerFactory.getLogger(AmiConnection.class);

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final AmiOptions options;
    private final String id;
    private final AmiFrameDecoder decoder;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Promise<String> banner = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    private Consumer<AmiMessage> eventConsumer = event -> { };
    private long sequence;
    private long oversizePackets;
    private long unmatchedResponses;

    private static final class Pending {
        final String action;
        final Promise<List<AmiMessage>> promise;
        final boolean list;
        final List<AmiMessage> messages = new ArrayList<>();
        long timerId = -1;
        boolean listStarted;

        Pending(String action, Promise<List<AmiMessage>> promise, boolean list) {
            this.action = action;
            this.promise = promise;
            this.list = list;
        }
    }

    /**
     * Wraps a connected socket; call on the socket's context.
     *
     * @param id short name for log lines, such as {@code ami-3}
     */
    public AmiConnection(Vertx vertx, NetSocket socket, AmiOptions options, String id) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.options = options;
        this.id = id;
        this.decoder = new AmiFrameDecoder(options.maxLineBytes(), options.maxPacketBytes(), true,
                new AmiFrameDecoder.Listener() {
                    @Override
                    public void onBanner(String text) {
                        banner.tryComplete(text);
                    }

                    @Override
                    public void onMessage(AmiMessage message) {
                        dispatch(message);
                    }

                    @Override
                    public void onOversizePacket(long droppedBytes, String reason) {
                        oversizePackets++;
                        LOG.warn("[{} {}] Dropped an AMI packet of {} bytes: {}", id, options.endpoint(), droppedBytes,
                                reason);
                    }
                });
        socket.handler(decoder::feed);
        socket.exceptionHandler(error -> LOG.debug("[{} {}] Socket error: {}", id, options.endpoint(), error.toString()));
        socket.closeHandler(v -> onClosed());
    }

    public String id() {
        return id;
    }

    /** Completes with the banner line Asterisk sends on connect. */
    public Future<String> banner() {
        return banner.future();
    }

    /** Completes when the socket closes, for whatever reason. */
    public Future<Void> closed() {
        return closed.future();
    }

    public boolean isClosed() {
        return closed.future().isComplete();
    }

    /** Sets who receives events that are not part of an action's event list. */
    public void eventConsumer(Consumer<AmiMessage> consumer) {
        this.eventConsumer = consumer;
    }

    /** Counts packets dropped for exceeding a size limit. */
    public long oversizePackets() {
        return oversizePackets;
    }

    /** Counts responses whose ActionID matched no action of this connection. */
    public long unmatchedResponses() {
        return unmatchedResponses;
    }

    /**
     * Sends an action and completes with its response; fails with {@link AmiException.ActionRejected}
     * or {@link AmiException.PermissionDenied} on {@code Response: Error}, and with
     * {@link AmiException.Timeout} when nothing comes within the action timeout.
     */
    public Future<AmiMessage> send(AmiAction action) {
        return submit(action, false).map(messages -> messages.get(0));
    }

    /**
     * Sends an action that answers with an event list ({@code QueueStatus}, {@code CoreShowChannels})
     * and completes with the list's events, without the response and the closing {@code ...Complete}
     * event.
     */
    public Future<List<AmiMessage>> sendForList(AmiAction action) {
        return submit(action, true);
    }

    /** Closes the socket; pending actions fail with {@link AmiException.NotConnected}. */
    public Future<Void> close() {
        if (!isClosed()) {
            socket.close();
        }
        return closed.future();
    }

    private Future<List<AmiMessage>> submit(AmiAction action, boolean list) {
        Promise<List<AmiMessage>> promise = Promise.promise();
        if (Vertx.currentContext() == context) {
            write(action, list, promise);
        } else {
            context.runOnContext(v -> write(action, list, promise));
        }
        return promise.future();
    }

    private void write(AmiAction action, boolean list, Promise<List<AmiMessage>> promise) {
        if (isClosed()) {
            promise.fail(new AmiException.NotConnected("connection " + id + " is closed"));
            return;
        }
        String actionId = id + "-" + (++sequence);
        Pending entry = new Pending(action.name(), promise, list);
        pending.put(actionId, entry);
        long timeout = options.actionTimeout().toMillis();
        entry.timerId = vertx.setTimer(timeout, t -> {
            if (pending.remove(actionId) != null) {
                entry.promise.tryFail(new AmiException.Timeout(action.name(), timeout));
            }
        });
        socket.write(action.render(actionId));
    }

    private void dispatch(AmiMessage message) {
        String actionId = message.actionId();
        Pending entry = actionId == null ? null : pending.get(actionId);
        if (entry == null && actionId == null && message.event() != null) {
            eventConsumer.accept(message);
            return;
        }
        if (message.isResponse()) {
            if (entry == null) {
                unmatchedResponses++;
                LOG.debug("[{} {}] Ignored a response for unknown ActionID {}", id, options.endpoint(), actionId);
                return;
            }
            respond(actionId, entry, message);
            return;
        }
        if (entry != null && entry.list && entry.listStarted) {
            collect(actionId, entry, message);
            return;
        }
        eventConsumer.accept(message);
    }

    private void respond(String actionId, Pending entry, AmiMessage response) {
        if (!"Success".equalsIgnoreCase(response.response()) && !"Goodbye".equalsIgnoreCase(response.response())) {
            finish(actionId, entry);
            entry.promise.tryFail(AmiException.fromErrorResponse(entry.action, response));
            return;
        }
        if (entry.list) {
            entry.listStarted = true;
            return;
        }
        finish(actionId, entry);
        entry.promise.tryComplete(List.of(response));
    }

    private void collect(String actionId, Pending entry, AmiMessage event) {
        String state = event.get("EventList");
        // Protocol fact: the closing event carries EventList: Complete (case varies by version).
        if ("Complete".equalsIgnoreCase(state)) {
            finish(actionId, entry);
            entry.promise.tryComplete(List.copyOf(entry.messages));
            return;
        }
        if ("cancelled".equalsIgnoreCase(state)) {
            finish(actionId, entry);
            entry.promise.tryFail(new AmiException.ActionRejected(entry.action, "event list cancelled"));
            return;
        }
        entry.messages.add(event);
    }

    private void finish(String actionId, Pending entry) {
        pending.remove(actionId);
        vertx.cancelTimer(entry.timerId);
    }

    private void onClosed() {
        banner.tryFail(new AmiException.NotConnected("connection " + id + " closed before the banner"));
        List<Pending> open = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending entry : open) {
            vertx.cancelTimer(entry.timerId);
            entry.promise.tryFail(new AmiException.NotConnected("connection " + id + " closed while " + entry.action
                    + " waited for its response"));
        }
        closed.tryComplete();
    }
}
