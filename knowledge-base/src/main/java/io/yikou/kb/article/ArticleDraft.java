package io.yikou.kb.article;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Article fields as read from an import file or a request body, before validation. Strings are
 * raw; {@link #validate} checks them and names every problem at once.
 */
public record ArticleDraft(String id, String title, String body, String category, String department,
                           List<String> tags, String validFrom, String validTo, String owner, String source,
                           String reviewDue) {

    /** Maximum title length in characters (code points). */
    public static final int MAX_TITLE = 200;
    /** Maximum body length in characters (code points). */
    public static final int MAX_BODY = 50_000;
    /** Maximum length of the other text fields. */
    public static final int MAX_FIELD = 200;
    /** Maximum number of tags. */
    public static final int MAX_TAGS = 30;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");

    /** One invalid field. {@code field} is the draft's field name, {@code code} a machine-readable reason. */
    public record Problem(String field, String code, String detail) {
    }

    /**
     * Checks every field and returns the article at version 0, or throws listing all problems.
     *
     * @throws InvalidArticleException with one {@link Problem} per invalid field
     */
    public Article validate() {
        List<Problem> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new Problem("id", "invalid_id",
                    "1 to 80 letters, digits, '-' or '_', starting with a letter or digit"));
        }
        requireText("title", title, MAX_TITLE, problems);
        requireText("body", body, MAX_BODY, problems);
        optionalText("category", category, problems);
        optionalText("department", department, problems);
        optionalText("owner", owner, problems);
        optionalText("source", source, problems);
        List<String> cleanTags = new ArrayList<>();
        if (tags != null) {
            if (tags.size() > MAX_TAGS) {
                problems.add(new Problem("tags", "too_many", "at most " + MAX_TAGS + " tags"));
            }
            for (String tag : tags) {
                if (tag != null && !tag.isBlank()) {
                    optionalText("tags", tag, problems);
                    cleanTags.add(tag.strip());
                }
            }
        }
        LocalDate from = date("valid_from", validFrom, problems);
        LocalDate to = date("valid_to", validTo, problems);
        LocalDate review = date("review_due", reviewDue, problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(new Problem("valid_to", "before_valid_from", "valid_to " + to + " is before valid_from " + from));
        }
        if (!problems.isEmpty()) {
            throw new InvalidArticleException(problems);
        }
        return new Article(id, title.strip(), body.strip(), blankToNull(category), blankToNull(department),
                cleanTags, from, to, blankToNull(owner), blankToNull(source), review, false, null, null, 0);
    }

    private static void requireText(String field, String value, int max, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(field, "required", "must not be empty"));
            return;
        }
        checkText(field, value, max, problems);
    }

    private static void optionalText(String field, String value, List<Problem> problems) {
        if (value != null) {
            checkText(field, value, MAX_FIELD, problems);
        }
    }

    private static void checkText(String field, String value, int max, List<Problem> problems) {
        if (value.codePointCount(0, value.length()) > max) {
            problems.add(new Problem(field, "too_long", "at most " + max + " characters"));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    problems.add(new Problem(field, "invalid_text", "contains a lone surrogate at index " + i));
                    return;
                }
                i++;
            } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                problems.add(new Problem(field, "control_characters", "contains control character U+"
                        + String.format("%04X", (int) c) + " at index " + i));
                return;
            }
        }
    }

    private static LocalDate date(String field, String value, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new Problem(field, "invalid_date", "'" + value + "' is not a date written as yyyy-MM-dd"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
