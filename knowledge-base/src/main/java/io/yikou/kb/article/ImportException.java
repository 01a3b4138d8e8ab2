package io.yikou.kb.article;

import java.util.List;

/**
 * An import file with errors. Lists every problem with its line; nothing from the file was stored.
 */
public final class ImportException extends RuntimeException {

    /**
     * One problem in an import file.
     *
     * @param line    1-based line where the record or field starts
     * @param field   the field at fault, or {@code null} when the whole record is unreadable
     * @param message what is wrong and what is expected
     */
    public record Problem(int line, String field, String message) {
        @Override
        public String toString() {
            return "line " + line + (field == null ? "" : " (" + field + ")") + ": " + message;
        }
    }

    private final String source;
    private final List<Problem> problems;

    public ImportException(String source, List<Problem> problems) {
        super(source + ": " + problems.size() + " problem(s), nothing imported; first: " + problems.get(0),
                null, false, false);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }
}
