package io.yikou.core.ticket;

/**
 * Outcome of an atomic ticket creation.
 *
 * @param ticket  the ticket now stored: new, or the one an earlier request with the same key created
 * @param created {@code true} when this call created it
 */
public record CreateResult(Ticket ticket, boolean created) {
}
