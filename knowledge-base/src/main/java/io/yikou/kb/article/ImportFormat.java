package io.yikou.kb.article;

import java.util.Locale;
import java.util.Optional;

/** File formats the knowledge base imports. */
public enum ImportFormat {
    /** One article: YAML front matter between {@code ---} lines, then the Markdown body. */
    MARKDOWN,
    /** A header row naming the columns, then one article per record (RFC 4180 quoting). */
    CSV,
    /** One JSON object per line. */
    JSONL;

    /** Picks the format from a file name's extension. */
    public static Optional<ImportFormat> fromFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            return Optional.of(MARKDOWN);
        }
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }

    /** Picks the format from a request's media type, such as {@code text/csv}. */
    public static Optional<ImportFormat> fromMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/markdown", "text/x-markdown" -> Optional.of(MARKDOWN);
            case "text/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/jsonl", "application/x-jsonlines" -> Optional.of(JSONL);
            default -> Optional.empty();
        };
    }
}
