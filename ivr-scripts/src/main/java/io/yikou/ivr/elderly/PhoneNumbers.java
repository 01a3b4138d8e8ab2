package io.yikou.ivr.elderly;

import java.util.Optional;

/**
 * Phone number helpers: a normal form for comparing numbers from different sources, and masking
 * for logs (the same {@code 138****5678} form the core uses).
 */
public final class PhoneNumbers {

    /** Beijing's area code, dropped from landline numbers so 010-6512xxxx and 6512xxxx compare equal. */
    private static final String BEIJING_AREA_CODE = "010";

    private PhoneNumbers() {
    }

    /**
     * Returns the digits of a number in a form that compares equal across notations, or empty when
     * it has no digits. {@code +86}/{@code 0086} prefixes are dropped, and so is Beijing's area code
     * before an 8-digit landline number. Other area codes stay, since they tell numbers apart.
     */
    public static Optional<String> normalize(String number) {
        if (number == null) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder();
        for (char c : number.toCharArray()) {
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        String d = digits.toString();
        if (d.startsWith("0086")) {
            d = d.substring(4);
        } else if (d.startsWith("86") && d.length() == 13) {
            d = d.substring(2);
        }
        if (d.startsWith(BEIJING_AREA_CODE) && d.length() == 11) {
            d = d.substring(3);
        }
        return d.isEmpty() ? Optional.empty() : Optional.of(d);
    }

    /** Masks a number for logs: 11+ digits keep the first three and last four, shorter ones the last four. */
    public static String mask(String number) {
        if (number == null || number.isBlank()) {
            return "-";
        }
        String n = number.strip();
        if (n.length() >= 11) {
            return n.substring(0, 3) + "****" + n.substring(n.length() - 4);
        }
        if (n.length() > 4) {
            return "*".repeat(n.length() - 4) + n.substring(n.length() - 4);
        }
        return "*".repeat(Math.max(0, n.length() - 2)) + n.substring(Math.max(0, n.length() - 2));
    }
}
