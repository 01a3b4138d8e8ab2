package io.yikou.core.ticket;

import java.util.regex.Pattern;

/**
 * A ticket number such as {@code 96010-20261204-000123}: hotline prefix, the intake day in the
 * hotline's time zone, and that day's sequence from Redis, so numbers are unique across nodes.
 */
public final class TicketNumber {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-Za-z]{1,16}-\\d{8}-\\d{6,9}");

    private TicketNumber() {
    }

    /** Tells whether text has the shape of a ticket number. */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }
}
