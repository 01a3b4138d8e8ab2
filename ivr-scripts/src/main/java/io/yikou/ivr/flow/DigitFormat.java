package io.yikou.ivr.flow;

/**
 * Built-in checks and normal forms for collected digits, beside a flow's own {@code pattern}.
 */
public enum DigitFormat {
    /** Any digits; the value is stored as entered. */
    DIGITS("digits"),
    /**
     * A ticket number typed on the keypad: the 19 to 22 digits of {@code 96010-20261204-000123}
     * without dashes, or the same without the hotline prefix. A real calendar date is required, and
     * the value is stored with dashes, as the ticket store writes it.
     */
    TICKET_NUMBER("ticket-number"),
    /** A Chinese phone number: an 11-digit mobile starting with 1, or a landline of 7 to 12 digits. */
    PHONE_NUMBER("phone-number");

    private final String code;

    DigitFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
