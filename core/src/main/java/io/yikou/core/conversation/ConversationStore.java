package io.yikou.core.conversation;

import io.vertx.core.Future;
import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable conversations and their messages, announced on the ticket stream as
 * {@code conversation.opened}, {@code conversation.message}, {@code conversation.updated} and
 * {@code conversation.closed} entries.
 */
public interface ConversationStore {

    /**
     * Outcome of adding an inbound message.
     *
     * @param conversation the conversation the message joined
     * @param opened       {@code true} when this message opened it
     * @param added        {@code false} when the same entry was already there (a repeat)
     */
    record Appended(Conversation conversation, boolean opened, boolean added) {
    }

    /**
     * Adds a citizen's message to their open conversation on the account, opening one when there is
     * none. Atomic: concurrent messages of one citizen join the same conversation.
     */
    Future<Appended> appendInbound(Channel channel, String account, Identity citizen, String citizenId,
                                   ConversationMessage message, Instant now);

    /** Adds a reply entry to a conversation, open or closed. */
    Future<Void> appendReply(String conversationId, ConversationMessage message);

    Future<Optional<Conversation>> find(String id);

    /** Returns the citizen's open conversation on the account, if any. */
    Future<Optional<Conversation>> findOpen(Channel channel, String account, Identity citizen);

    /** Lists a conversation's messages ordered by creation time, then message id. */
    Future<List<ConversationMessage>> messages(String id);

    /** Reads, applies {@code change} and writes, retrying on concurrent updates. */
    Future<Conversation> modify(String id, UnaryOperator<Conversation> change);

    /** Lists conversations newest first, optionally only those in one state, at most {@code limit}. */
    Future<List<Conversation>> recent(Optional<ConversationState> state, int limit);

    /** Returns when the citizen last wrote to the account, which opens the 48-hour reply window. */
    Future<Optional<Instant>> lastInbound(Channel channel, String account, Identity citizen);

    /** Closes a conversation now; completes with {@code false} when it was not open. */
    Future<Boolean> close(String id, String reason);

    /** Closes open conversations with no activity since {@code cutoff}; completes with how many it closed. */
    Future<Integer> closeIdle(Instant cutoff, int batch);
}
