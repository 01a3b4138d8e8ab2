package io.yikou.channels.voice.agi;

/**
 * Argument quoting for AGI command lines. Asterisk splits a command at spaces unless the argument
 * is in double quotes, where {@code \"} and {@code \\} escape.
 */
public final class AgiQuoting {

    private AgiQuoting() {
    }

    /** Returns the argument bare when it is a plain word, quoted otherwise (spaces, quotes, non-ASCII, empty). */
    public static String arg(String value) {
        if (value == null || value.isEmpty()) {
            return "\"\"";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '/' || c == ':' || c == '-' || c == '(' || c == ')'
                    || c == '$' || c == '{' || c == '}' || c == '|' || c == '#' || c == '*' || c == ',';
            if (!plain) {
                return quoted(value);
            }
        }
        return value;
    }

    /** Returns the argument in double quotes, escaping quotes and backslashes. */
    public static String quoted(String value) {
        String text = value == null ? "" : value;
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
