package io.yikou.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Raised when configuration cannot be read or fails validation; lists every problem found. */
public final class ConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        return "Invalid configuration:\n" + problems.stream()
                .map(p -> "  " + p.describe())
                .collect(Collectors.joining("\n"));
    }
}
