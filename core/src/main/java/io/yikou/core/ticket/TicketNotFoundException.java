package io.yikou.core.ticket;

/** Raised when no ticket has the given number. */
public final class TicketNotFoundException extends RuntimeException {

    private final String number;

    public TicketNotFoundException(String number) {
        super("ticket not found: " + number, null, false, false);
        this.number = number;
    }

    public String number() {
        return number;
    }
}
