package io.yikou.core.intake;

import io.yikou.core.ticket.Ticket;

/**
 * The outcome of intake as a channel receives it.
 *
 * @param ticket      the stored ticket
 * @param created     {@code false} when an earlier request with the same idempotency key created it
 * @param lookupToken token the citizen uses with the ticket number to check progress
 */
public record IntakeResult(Ticket ticket, boolean created, String lookupToken) {
}
