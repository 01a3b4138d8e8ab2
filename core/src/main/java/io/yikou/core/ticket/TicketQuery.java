package io.yikou.core.ticket;

import io.yikou.core.contact.Channel;
import java.time.Instant;
import java.util.Locale;

/**
 * Filters for listing recent tickets, newest first. {@code null} fields do not filter.
 *
 * @param status  only tickets in this status
 * @param type    only tickets of this type
 * @param channel only tickets that came through this channel
 * @param text    case-insensitive substring of the description or address
 * @param from    created at or after
 * @param before  created strictly before; also the paging cursor
 * @param limit   page size, 1 to {@link #MAX_LIMIT}
 */
public record TicketQuery(TicketStatus status, TicketType type, Channel channel, String text,
                          Instant from, Instant before, int limit) {

    public static final int MAX_LIMIT = 200;

    public TicketQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        text = text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    /** Tells whether a ticket passes every filter other than the time range. */
    public boolean matches(Ticket ticket) {
        if (status != null && ticket.status() != status) {
            return false;
        }
        if (type != null && ticket.type() != type) {
            return false;
        }
        if (channel != null && !ticket.channels().contains(channel)) {
            return false;
        }
        if (text != null) {
            String description = ticket.description() == null ? "" : ticket.description().toLowerCase(Locale.ROOT);
            String address = ticket.location().address() == null ? ""
                    : ticket.location().address().toLowerCase(Locale.ROOT);
            return description.contains(text) || address.contains(text);
        }
        return true;
    }
}
