package io.yikou.ivr.validate;

import io.yikou.ivr.flow.SourceRef;

/**
 * One finding of the parser or validator, printed as {@code file:line:column: error [code] message}.
 *
 * @param severity {@link Severity#ERROR} rejects the flow at load; {@link Severity#WARNING} does not
 * @param code     stable short name such as {@code unknown-target}, listed in {@code docs/ivr.md}
 * @param source   where the problem was written
 * @param message  what is wrong, on which value, and what to do
 */
public record FlowProblem(Severity severity, String code, SourceRef source, String message) {

    /** Whether a problem rejects the flow. */
    public enum Severity {
        ERROR, WARNING;

        String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public static FlowProblem error(String code, SourceRef source, String message) {
        return new FlowProblem(Severity.ERROR, code, source, message);
    }

    public static FlowProblem warning(String code, SourceRef source, String message) {
        return new FlowProblem(Severity.WARNING, code, source, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return source + ": " + severity.label() + " [" + code + "] " + message;
    }
}
