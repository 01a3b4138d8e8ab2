package io.yikou.core.staff;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Login names: 2 to 64 characters of lower-case ASCII letters, digits, dot, underscore and hyphen,
 * starting with a letter or digit. Names are compared after NFKC normalisation and lower-casing, so
 * {@code Wang.Li} and full-width {@code ｗａｎｇ.ｌｉ} are one account. People's own names, in Chinese,
 * go in the display name.
 */
public final class Usernames {

    /** The rule, worded for configuration problems and developer messages. */
    public static final String RULE = "2 to 64 characters: letters a-z, digits, '.', '_' or '-', starting with"
            + " a letter or digit";

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private Usernames() {
    }

    /** Returns the comparable form of a name as typed; {@code null} becomes empty. */
    public static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        return Normalizer.normalize(typed.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Tells whether a normalised name follows {@link #RULE}. */
    public static boolean isValid(String normalized) {
        return VALID.matcher(normalized).matches();
    }
}
