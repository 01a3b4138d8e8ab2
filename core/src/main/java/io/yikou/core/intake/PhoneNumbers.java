package io.yikou.core.intake;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises Chinese phone numbers as citizens type them: mobile numbers (11 digits starting 1[3-9]),
 * landlines with area code ({@code 010-88888888}) and 7 to 8 digit local numbers, with an optional
 * {@code +86} or {@code 0086} prefix, spaces and dashes.
 */
public final class PhoneNumbers {

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}\\d{7,8}");
    private static final Pattern LOCAL = Pattern.compile("[2-9]\\d{6,7}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

    private PhoneNumbers() {
    }

    /** Returns the digits of a valid number, or empty when the text is not a phone number. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = SEPARATORS.matcher(text).replaceAll("");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        }
        if (MOBILE.matcher(digits).matches() || LANDLINE.matcher(digits).matches()
                || LOCAL.matcher(digits).matches()) {
            return Optional.of(digits);
        }
        return Optional.empty();
    }
}
