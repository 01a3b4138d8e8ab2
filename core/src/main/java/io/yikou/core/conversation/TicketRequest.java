package io.yikou.core.conversation;

import io.yikou.core.ticket.TicketType;

/**
 * The fields an agent fills in to create a ticket from a conversation. The rest comes from the
 * messages.
 *
 * @param type         demand type
 * @param categoryCode category leaf, or {@code null}
 * @param description  the ticket text, or {@code null} to use the citizen's messages
 * @param address      address text, or {@code null} to use the latest location message's label
 * @param externalIds  further ids the channel uses for the ticket, such as a mentioned post's id
 */
public record TicketRequest(TicketType type, String categoryCode, String description, String address,
                            java.util.Map<String, String> externalIds) {

    public TicketRequest {
        externalIds = externalIds == null ? java.util.Map.of() : java.util.Map.copyOf(externalIds);
    }
}
