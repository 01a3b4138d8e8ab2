package io.yikou.core.ticket;

import java.time.Instant;
import java.util.List;

/**
 * One page of a ticket listing.
 *
 * @param tickets    newest first
 * @param nextBefore cursor for the next page ({@code before} of the next query), or {@code null} at the end
 */
public record TicketPage(List<Ticket> tickets, Instant nextBefore) {
}
