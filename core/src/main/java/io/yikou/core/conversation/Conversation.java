package io.yikou.core.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation (会话): the messages one citizen exchanged with one channel account until it went
 * idle or was closed. Its messages are stored beside it, ordered by the channel's creation time
 * and message id; this record contains what changes rarely.
 *
 * @param id            unique id such as {@code V-20261204-000042}
 * @param channel       messaging channel
 * @param account       channel account the citizen wrote to
 * @param citizen       the citizen's identity on the channel (personal data)
 * @param citizenId     the citizen record
 * @param state         open or closed
 * @param openedAt      when the first message arrived
 * @param closedAt      when it was closed, or {@code null}
 * @param closeReason   {@code idle}, {@code agent} or {@code unsubscribed}
 * @param ticketNumbers tickets created from it
 * @param dialogue      progress of the guided report dialogue
 * @param lastFailure   the latest reply that could not be delivered, so the agent sees it at once
 * @param updatedAt     time of the latest change to this record
 * @param version       optimistic-concurrency version, starting at 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Conversation(String id, Channel channel, String account, Identity citizen, String citizenId,
                           ConversationState state, Instant openedAt, Instant closedAt, String closeReason,
                           List<String> ticketNumbers, DialogueState dialogue, ConversationMessage lastFailure,
                           Instant updatedAt, long version) {

    public Conversation {
        ticketNumbers = ticketNumbers == null ? List.of() : List.copyOf(ticketNumbers);
        dialogue = dialogue == null ? DialogueState.IDLE : dialogue;
    }

    /** Returns the key that finds a citizen's open conversation on one account. */
    public static String citizenKey(Channel channel, String account, Identity citizen) {
        return channel.code() + ":" + account + ":" + citizen.value();
    }

    public String citizenKey() {
        return citizenKey(channel, account, citizen);
    }

    public boolean isOpen() {
        return state == ConversationState.OPEN;
    }

    public Conversation withDialogue(DialogueState next, Instant at) {
        return new Conversation(id, channel, account, citizen, citizenId, state, openedAt, closedAt, closeReason,
                ticketNumbers, next, lastFailure, at, version + 1);
    }

    public Conversation withTicket(String number, Instant at) {
        if (ticketNumbers.contains(number)) {
            return this;
        }
        List<String> numbers = new ArrayList<>(ticketNumbers);
        numbers.add(number);
        return new Conversation(id, channel, account, citizen, citizenId, state, openedAt, closedAt, closeReason,
                numbers, dialogue, lastFailure, at, version + 1);
    }

    public Conversation withFailure(ConversationMessage failure, Instant at) {
        return new Conversation(id, channel, account, citizen, citizenId, state, openedAt, closedAt, closeReason,
                ticketNumbers, dialogue, failure, at, version + 1);
    }

    public Conversation close(String reason, Instant at) {
        return new Conversation(id, channel, account, citizen, citizenId, ConversationState.CLOSED, openedAt, at,
                reason, ticketNumbers, dialogue.active() ? dialogue.cancel() : dialogue, lastFailure, at,
                version + 1);
    }
}
