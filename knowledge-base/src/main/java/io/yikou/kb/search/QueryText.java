package io.yikou.kb.search;

import java.util.Optional;

/**
 * Cleans what an agent typed into a search box. The text is never parsed as query syntax, so
 * characters such as {@code + - && || ! ( ) { } [ ] ^ " ~ * ? : \ /} are ordinary text and cannot
 * cause a parse error. Control characters and lone surrogates become spaces; runs of white space
 * collapse to one.
 */
public final class QueryText {

    /** Default maximum query length in characters (code points). */
    public static final int DEFAULT_MAX_LENGTH = 200;

    private QueryText() {
    }

    /** Outcome of cleaning: the text, or why it cannot be searched. */
    public sealed interface Result permits Ok, Empty, TooLong {
    }

    public record Ok(String text) implements Result {
    }

    public record Empty() implements Result {
    }

    public record TooLong(int length, int max) implements Result {
    }

    /** Cleans {@code raw}; {@code maxLength} counts code points after cleaning. */
    public static Result clean(String raw, int maxLength) {
        String text = Optional.ofNullable(raw).map(QueryText::normalize).orElse("");
        if (text.isEmpty()) {
            return new Empty();
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            return new TooLong(length, maxLength);
        }
        return new Ok(text);
    }

    private static String normalize(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1));
            if (pairedSurrogate) {
                out.append(c).append(raw.charAt(++i));
                space = false;
            } else if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSurrogate(c)
                    || c == '\u3000') {
                if (!space && out.length() > 0) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }
}
