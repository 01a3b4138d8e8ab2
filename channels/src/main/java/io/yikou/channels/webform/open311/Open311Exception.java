package io.yikou.channels.webform.open311;

import java.util.List;

/**
 * A failed Open311 call, rendered as the spec's error list: {@code [{"code", "description"}]} in
 * JSON or {@code <errors><error>} in XML. GeoReport v2 uses 404 for unknown resources, 403 for a
 * missing or invalid {@code api_key} and 400 for anything else the client sent wrong. Carries no
 * stack trace: these are expected outcomes.
 *
 * @see Open311Errors
 */
final class Open311Exception extends RuntimeException {

    /**
     * One entry of the error list.
     *
     * @param messageKey key in the Open311 message bundle
     * @param args       arguments for the message
     */
    record Problem(String messageKey, List<Object> args) {

        Problem {
            args = List.copyOf(args);
        }

        static Problem of(String messageKey, Object... args) {
            return new Problem(messageKey, List.of(args));
        }
    }

    private final int status;
    private final List<Problem> problems;

    Open311Exception(int status, List<Problem> problems) {
        super(status + " " + problems.stream().map(Problem::messageKey).toList(), null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static Open311Exception of(int status, String messageKey, Object... args) {
        return new Open311Exception(status, List.of(Problem.of(messageKey, args)));
    }

    int status() {
        return status;
    }

    List<Problem> problems() {
        return problems;
    }
}
