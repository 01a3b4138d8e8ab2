package io.yikou.ivr.flow;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checks behind {@link DigitFormat}: each returns the stored form, or empty when the digits are invalid. */
public final class DigitChecks {

    /** The hotline prefix of ticket numbers, as the ticket store writes them. */
    public static final String TICKET_PREFIX = "96010";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0\\d{9,11}|[2-9]\\d{6,7}");

    private DigitChecks() {
    }

    /** Returns the value to store for {@code digits} under {@code format}, or empty when invalid. */
    public static Optional<String> check(DigitFormat format, String digits) {
        return switch (format) {
            case DIGITS -> DIGITS.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
            case TICKET_NUMBER -> ticketNumber(digits);
            case PHONE_NUMBER -> MOBILE.matcher(digits).matches() || LANDLINE.matcher(digits).matches()
                    ? Optional.of(digits) : Optional.empty();
        };
    }

    /**
     * Turns typed digits into a ticket number: {@code 9601020261204000123} or {@code 20261204000123}
     * become {@code 96010-20261204-000123}. The date must exist and the day sequence has 6 to 9 digits.
     */
    public static Optional<String> ticketNumber(String digits) {
        if (!DIGITS.matcher(digits).matches()) {
            return Optional.empty();
        }
        String rest = digits;
        if (digits.length() >= TICKET_PREFIX.length() + 14 && digits.startsWith(TICKET_PREFIX)) {
            rest = digits.substring(TICKET_PREFIX.length());
        }
        if (rest.length() < 14 || rest.length() > 17) {
            return Optional.empty();
        }
        String date = rest.substring(0, 8);
        try {
            LocalDate.parse(date, DATE);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.of(TICKET_PREFIX + "-" + date + "-" + rest.substring(8));
    }
}
