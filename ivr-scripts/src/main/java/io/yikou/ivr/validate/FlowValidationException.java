package io.yikou.ivr.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a flow or data file is used although it has errors; lists every problem. */
public final class FlowValidationException extends RuntimeException {

    private final transient List<FlowProblem> problems;

    public FlowValidationException(String what, List<FlowProblem> problems) {
        super(what + " has " + problems.stream().filter(FlowProblem::isError).count() + " error(s):\n"
                + problems.stream().map(FlowProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<FlowProblem> problems() {
        return problems;
    }
}
