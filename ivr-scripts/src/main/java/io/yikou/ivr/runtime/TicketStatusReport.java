package io.yikou.ivr.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * What the caller hears about a ticket.
 *
 * @param ticketNumber the ticket's number
 * @param statusCode   the ticket store's status code, such as {@code dispatched}; played as the
 *                     prompt {@code ticket-status-dispatched}, or {@code ticket-status-unknown}
 * @param detail       free text such as the handling department, spoken only where the channel has
 *                     text-to-speech. Leave it empty for anything the caller may not hear.
 */
public record TicketStatusReport(String ticketNumber, String statusCode, Optional<String> detail) {

    public TicketStatusReport {
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(statusCode, "statusCode");
        detail = Objects.requireNonNullElse(detail, Optional.empty());
    }
}
