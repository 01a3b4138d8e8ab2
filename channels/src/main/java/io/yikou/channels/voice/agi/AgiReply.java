package io.yikou.channels.voice.agi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reply line (or multi-line {@code 520} block) from Asterisk, such as
 * {@code 200 result=1 (张三)} or {@code 200 result=0 endpos=39336}. Immutable.
 *
 * @param code       status code: 200 success, 510 unknown command, 511 dead channel, 520 syntax
 * @param result     the {@code result=} value as text, empty for {@code result=} alone (a GET DATA
 *                   timeout), {@code null} when the reply has none
 * @param data       text in parentheses after the result, such as a variable's value, or {@code null}
 * @param attributes {@code key=value} pairs after the result, such as {@code endpos}
 * @param text       the whole reply after the code, for error messages
 */
public record AgiReply(int code, String result, String data, Map<String, String> attributes, String text) {

    public AgiReply {
        attributes = Map.copyOf(attributes);
    }

    public boolean isSuccess() {
        return code == 200;
    }

    /** Returns the result as a number, or {@code defaultValue} when absent or not numeric. */
    public int resultInt(int defaultValue) {
        if (result == null || result.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(result);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public Optional<String> dataValue() {
        return Optional.ofNullable(data);
    }

    /** Parses one reply line without its line end; a {@code 520} block arrives joined by LF. */
    public static AgiReply parse(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            throw new IllegalArgumentException("not an AGI reply: " + abbreviate(line));
        }
        int code = Integer.parseInt(line.substring(0, 3));
        String rest = line.length() > 4 ? line.substring(4) : "";
        if (code != 200 || !rest.startsWith("result=")) {
            return new AgiReply(code, null, null, Map.of(), rest);
        }
        int resultEnd = rest.indexOf(' ');
        String result = rest.substring("result=".length(), resultEnd < 0 ? rest.length() : resultEnd);
        String tail = resultEnd < 0 ? "" : rest.substring(resultEnd + 1);
        String data = null;
        if (tail.startsWith("(")) {
            // Values may contain spaces and parentheses: the data ends at the last ')' before key=value pairs.
            int close = tail.endsWith(")") ? tail.length() - 1 : dataEnd(tail);
            data = tail.substring(1, Math.max(1, close));
            tail = close + 1 < tail.length() ? tail.substring(close + 1).trim() : "";
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String token : tail.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                attributes.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return new AgiReply(code, result, data, attributes, rest);
    }

    private static int dataEnd(String tail) {
        int candidate = tail.lastIndexOf(") ");
        return candidate < 0 ? tail.length() - 1 : candidate;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
