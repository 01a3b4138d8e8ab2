package io.yikou.core.ticket;

/** Raised when a ticket changed between reading it and writing the update; read again and retry. */
public final class ConcurrentUpdateException extends RuntimeException {

    public ConcurrentUpdateException(String number, long expected, String stored) {
        super("ticket " + number + " changed concurrently: expected version " + expected + ", found " + stored,
                null, false, false);
    }
}
