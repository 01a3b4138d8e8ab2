package io.yikou.core.conversation.impl;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells citizens on messaging channels when their ticket changes status: the consumer group
 * {@code conversation-notices} reads {@code ticket.status} entries from the ticket stream, finds the
 * conversation the ticket came from and sends the notice through its channel. An entry is
 * acknowledged after the notice was attempted, so a crash leaves it pending for the next start.
 */
public final class TicketStatusNotices {

    private static final Logger LOG = LoggerFactory.getLogger(TicketStatusNotices.class);
    static final String GROUP = "conversation-notices";
    private static final long BLOCK_MILLIS = 2000;
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MILLIS = 2000;

    private final Vertx vertx;
    private final RedisConnector redis;
    private final TicketStore tickets;
    private final ConversationService conversations;
    private final Set<TicketStatus> notified;
    private final String consumer;
    private StatefulRedisConnection<String, String> connection;
    private volatile boolean running;

    public TicketStatusNotices(Vertx vertx, RedisConnector redis, TicketStore tickets,
                               ConversationService conversations, Set<TicketStatus> notified, String nodeId) {
        this.vertx = vertx;
        this.redis = redis;
        this.tickets = tickets;
        this.conversations = conversations;
        this.notified = notified;
        this.consumer = nodeId;
    }

    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            connection = redis.dedicated("ticket status notices");
            return null;
        }, false).compose(v -> redis.call(c -> c.xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.stream(), "$"),
                        GROUP, XGroupCreateArgs.Builder.mkstream()))
                .<Void>mapEmpty()
                .recover(error -> String.valueOf(error.getMessage()).contains("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(error)))
                .onSuccess(v -> {
                    running = true;
                    LOG.info("Ticket status notices started as consumer {} of group {}", consumer, GROUP);
                    poll("0");
                });
    }

    /** Reads entries: first this consumer's pending ones ({@code 0}), then new ones ({@code >}). */
    private void poll(String offset) {
        if (!running) {
            return;
        }
        XReadArgs args = XReadArgs.Builder.count(BATCH);
        if (">".equals(offset)) {
            args.block(BLOCK_MILLIS);
        }
        Future.fromCompletionStage(connection.async().xreadgroup(Consumer.from(GROUP, consumer), args,
                        XReadArgs.StreamOffset.from(RedisKeys.stream(), offset)), vertx.getOrCreateContext())
                .compose(this::handleAll)
                .onComplete(result -> {
                    if (result.failed()) {
                        if (running) {
                            LOG.warn("Reading ticket status entries failed: {}; retrying in 1 s", result.cause().toString());
                            vertx.setTimer(1000, id -> poll(offset));
                        }
                        return;
                    }
                    boolean pendingDone = "0".equals(offset) && result.result() == 0;
                    poll(pendingDone || ">".equals(offset) ? ">" : "0");
                });
    }

    private Future<Integer> handleAll(List<StreamMessage<String, String>> entries) {
        Future<Void> chain = Future.succeededFuture();
        for (StreamMessage<String, String> entry : entries) {
            chain = chain.compose(v -> handle(entry)
                    .recover(error -> {
                        LOG.warn("Status notice for stream entry {} failed: {}", entry.getId(), error.toString());
                        return Future.succeededFuture();
                    })
                    .compose(done -> redis.call(c -> c.xack(RedisKeys.stream(), GROUP, entry.getId())).mapEmpty()));
        }
        return chain.map(entries.size());
    }

    private Future<Void> handle(StreamMessage<String, String> entry) {
        if (!"ticket.status".equals(entry.getBody().get("type"))) {
            return Future.succeededFuture();
        }
        TicketStatus status = TicketStatus.parse(entry.getBody().get("status")).orElse(null);
        String number = entry.getBody().get("ticket");
        if (status == null || number == null || !notified.contains(status)) {
            return Future.succeededFuture();
        }
        return tickets.find(number)
                .compose(ticket -> ticket.isEmpty() ? Future.succeededFuture(java.util.Optional.empty())
                        : conversations.conversationOf(ticket.get().externalIds()))
                .compose(conversation -> {
                    if (conversation.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    LOG.info("Notifying conversation {} that ticket {} is now {}", conversation.get().id(), number,
                            status.code());
                    return notify(conversation.get(), number, status, 1);
                });
    }

    /** Sends the notice, trying again after a pause when the channel's API could not be reached. */
    private Future<Void> notify(io.yikou.core.conversation.Conversation conversation, String number,
                                TicketStatus status, int attempt) {
        return conversations.notifyStatus(conversation, number, status).compose(entry -> {
            boolean unreachable = "failed".equals(entry.delivery())
                    && ("timeout".equals(entry.errorCode()) || "transport".equals(entry.errorCode()));
            if (!unreachable || attempt >= MAX_ATTEMPTS || !running) {
                return Future.succeededFuture();
            }
            io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
            vertx.setTimer(RETRY_PAUSE_MILLIS * attempt,
                    id -> notify(conversation, number, status, attempt + 1).onComplete(later));
            return later.future();
        });
    }

    public Future<Void> stop() {
        running = false;
        return Future.succeededFuture();
    }

}
