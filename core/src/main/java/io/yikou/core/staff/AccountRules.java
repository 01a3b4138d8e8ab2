package io.yikou.core.staff;

import io.yikou.core.http.FieldError;
import io.yikou.core.text.CodePoints;
import java.util.List;
import java.util.Locale;

/** Checks the fields of an account before it is stored; each problem becomes one {@link FieldError}. */
final class AccountRules {

    static final int MAX_DISPLAY_NAME = 64;
    /** Long enough for any passphrase, short enough that hashing cannot be used to burn CPU. */
    static final int MAX_PASSWORD = 256;

    private AccountRules() {
    }

    static void checkUsername(String normalized, List<FieldError> errors) {
        if (normalized.isEmpty()) {
            errors.add(FieldError.of("username", "required"));
        } else if (!Usernames.isValid(normalized)) {
            errors.add(FieldError.of("username", "invalid_username"));
        }
    }

    static void checkDisplayName(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(FieldError.of("displayName", "required"));
        } else if (CodePoints.length(name) > MAX_DISPLAY_NAME) {
            errors.add(FieldError.of("displayName", "too_long", MAX_DISPLAY_NAME));
        } else if (CodePoints.hasControlCharacters(name) || name.contains("\n") || name.contains("\t")) {
            errors.add(FieldError.of("displayName", "control_characters"));
        }
    }

    static void checkPassword(String field, String password, String username, int minLength,
                              List<FieldError> errors) {
        if (password == null || password.isEmpty()) {
            errors.add(FieldError.of(field, "required"));
            return;
        }
        int length = CodePoints.length(password);
        if (length < minLength) {
            errors.add(FieldError.of(field, "password_too_short", minLength));
        } else if (length > MAX_PASSWORD) {
            errors.add(FieldError.of(field, "too_long", MAX_PASSWORD));
        } else if (!username.isEmpty() && password.toLowerCase(Locale.ROOT).contains(username)) {
            errors.add(FieldError.of(field, "password_contains_username"));
        }
    }
}
