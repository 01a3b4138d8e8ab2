package io.yikou.kb.search;

import java.util.List;

/**
 * A piece of a field with its matches marked.
 *
 * @param start offset of the piece in the original field
 * @param end   end offset (exclusive) of the piece in the original field
 * @param html  the piece, HTML-escaped, with each match wrapped in {@code <em>...</em>}
 * @param spans the matches as offsets into the original field (not into the piece)
 */
public record Fragment(int start, int end, String html, List<Span> spans) {

    /** Builds the fragment {@code [start, end)} of {@code text} with the spans inside it marked. */
    public static Fragment of(String text, int start, int end, List<Span> spans) {
        StringBuilder html = new StringBuilder((end - start) + spans.size() * 9);
        int at = start;
        for (Span span : spans) {
            if (span.start() < start || span.end() > end) {
                continue;
            }
            escape(text, at, span.start(), html);
            html.append("<em>");
            escape(text, span.start(), span.end(), html);
            html.append("</em>");
            at = span.end();
        }
        escape(text, at, end, html);
        return new Fragment(start, end, html.toString(), List.copyOf(spans));
    }

    private static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
