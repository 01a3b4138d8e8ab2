package io.yikou.core.privacy;

import io.yikou.core.citizen.IdentityKind;

/**
 * Masks personal data for logs: phone numbers keep their first three and last four digits
 * ({@code 138****5678}), other ids keep a short prefix and suffix. Never returns the full value.
 */
public final class Masking {

    private Masking() {
    }

    public static String mask(IdentityKind kind, String value) {
        return kind == IdentityKind.PHONE ? phone(value) : id(value);
    }

    /** Masks a phone number; short numbers (extensions) keep only their last two digits. */
    public static String phone(String number) {
        if (number == null || number.isEmpty()) {
            return "-";
        }
        String digits = number.strip();
        if (digits.length() >= 11) {
            return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
        }
        if (digits.length() > 4) {
            return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
        }
        return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(Math.max(0, digits.length() - 2));
    }

    /** Masks an opaque id such as an openid. */
    public static String id(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        if (value.length() <= 8) {
            return value.charAt(0) + "***";
        }
        return value.substring(0, 4) + "***" + value.substring(value.length() - 3);
    }
}
