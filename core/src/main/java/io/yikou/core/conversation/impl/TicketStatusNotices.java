package io.yikou.core.conversation.impl;

import io.vertx.core.Future;
import io.yikou.core.conversation.Conversation;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells citizens on messaging channels when their ticket changes status: the consumer group
 * {@code conversation-notices} reads {@code ticket.status} entries from the ticket stream, finds the
 * conversation the ticket came from and sends the notice through its channel.
 *
 * <p>When the channel's API cannot be reached (timeout, connection failure) the entry stays pending
 * and is delivered again after {@link #CLAIM_IDLE}, on this node or another, at most
 * {@link #MAX_DELIVERIES} times. A notice the channel refused (a closed reply window, say) is
 * recorded in the conversation and not repeated.
 */
public final class TicketStatusNotices implements StreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TicketStatusNotices.class);
    static final String GROUP = "conversation-notices";
    static final Duration CLAIM_IDLE = Duration.ofSeconds(5);
    static final int MAX_DELIVERIES = 5;
    private static final int CONCURRENCY = 4;

    private final TicketStore tickets;
    private final ConversationService conversations;
    private final Set<TicketStatus> notified;
    private final StreamConsumer consumer;

    public TicketStatusNotices(RedisConnector redis, TicketStore tickets, ConversationService conversations,
                               Set<TicketStatus> notified, String nodeId, Duration commandTimeout) {
        this.tickets = tickets;
        this.conversations = conversations;
        this.notified = notified;
        // A new group starts at the stream's end, so a first start does not notify about old changes.
        this.consumer = new StreamConsumer(redis, new StreamConsumer.Options(GROUP, nodeId, CONCURRENCY, CLAIM_IDLE,
                MAX_DELIVERIES, true), this, commandTimeout);
    }

    public Future<Void> start() {
        return consumer.start().onSuccess(v -> LOG.info("Ticket status notices started (group {})", GROUP));
    }

    public Future<Void> stop() {
        return consumer.stop(Duration.ofSeconds(10));
    }

    @Override
    public boolean wants(StreamEntry entry) {
        return "ticket.status".equals(entry.type()) && entry.ticket() != null;
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        if (!wants(entry)) {
            return Future.succeededFuture();
        }
        TicketStatus status = TicketStatus.parse(entry.fields().get("status")).orElse(null);
        String number = entry.ticket();
        if (status == null || number == null || !notified.contains(status)) {
            return Future.succeededFuture();
        }
        return tickets.find(number)
                .compose(ticket -> ticket.isEmpty() ? Future.succeededFuture(Optional.<Conversation>empty())
                        : conversations.conversationOf(ticket.get().externalIds()))
                .compose(conversation -> {
                    if (conversation.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    LOG.info("Notifying conversation {} that ticket {} is now {}", conversation.get().id(), number,
                            status.code());
                    return conversations.notifyStatus(conversation.get(), number, status).compose(sent -> {
                        boolean unreachable = "failed".equals(sent.delivery())
                                && ("timeout".equals(sent.errorCode()) || "transport".equals(sent.errorCode()));
                        return unreachable
                                ? Future.failedFuture(new IllegalStateException("channel API unreachable for the "
                                        + "notice of ticket " + number + ": " + sent.error()))
                                : Future.succeededFuture();
                    });
                });
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        LOG.warn("Gave up notifying about ticket {} after {} deliveries", entry.ticket(), entry.deliveries());
        return Future.succeededFuture();
    }
}
