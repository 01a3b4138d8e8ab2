package io.yikou.core.text;

/**
 * Length checks and truncation by Unicode code point, so an emoji (two UTF-16 chars) counts as one
 * character and is never cut in half.
 */
public final class CodePoints {

    private CodePoints() {
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Shortens text to at most {@code max} code points, the marker included, cutting only between
     * code points. Returns the text unchanged when it fits.
     *
     * @param marker appended when text is cut, such as {@code …}; counts toward {@code max}, and is
     *               left out when {@code max} leaves no room for it
     */
    public static String truncate(String text, int max, String marker) {
        if (length(text) <= max) {
            return text;
        }
        int keep = max - length(marker);
        if (keep <= 0) {
            return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max)));
        }
        return text.substring(0, text.offsetByCodePoints(0, keep)) + marker;
    }

    /** Tells whether text holds control characters other than tab, line feed and carriage return. */
    public static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
