package io.yikou.core.ticket;

/** Raised when a status change is not allowed by the ticket lifecycle. */
public final class IllegalTransitionException extends RuntimeException {

    private final TicketStatus from;
    private final TicketStatus to;

    public IllegalTransitionException(String number, TicketStatus from, TicketStatus to) {
        super("ticket " + number + " cannot move from " + from.code() + " to " + to.code()
                + " (allowed: " + from.next().stream().map(TicketStatus::code).toList() + ")", null, false, false);
        this.from = from;
        this.to = to;
    }

    public TicketStatus from() {
        return from;
    }

    public TicketStatus to() {
        return to;
    }
}
