package io.yikou.ivr.parse;

import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.Suggestions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads from one YAML mapping that record problems instead of throwing, remember which keys
 * were read, and report the rest as unknown with the closest known key as a hint.
 * Not thread-safe; one instance per mapping.
 */
final class MappingReader {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})\\s*(ms|s|m)");

    private final YamlNode.Mapping mapping;
    private final List<FlowProblem> problems;
    private final String subject;
    private final Set<String> known = new HashSet<>();

    /**
     * @param subject names the mapping in messages, for example {@code node 'main'}
     */
    MappingReader(YamlNode.Mapping mapping, List<FlowProblem> problems, String subject) {
        this.mapping = mapping;
        this.problems = problems;
        this.subject = subject;
    }

    SourceRef source() {
        return mapping.source();
    }

    /** Names the mapping in messages, for example {@code node 'main'}. */
    String subject() {
        return subject;
    }

    /** Returns where a key's value was written, or where the mapping starts when the key is absent. */
    SourceRef source(String key) {
        return mapping.get(key).map(YamlNode::source).orElse(mapping.source());
    }

    boolean has(String key) {
        known.add(key);
        return mapping.has(key);
    }

    Optional<YamlNode> node(String key) {
        known.add(key);
        return mapping.get(key);
    }

    /** Reads a single value; a list or mapping is reported. Empty text counts as absent. */
    Optional<String> text(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Scalar scalar) {
            return scalar.isNull() || scalar.text().isBlank() ? Optional.empty() : Optional.of(scalar.text().strip());
        }
        problem("wrong-type", node.get().source(), key + " must be a single value, not " + node.get().describe());
        return Optional.empty();
    }

    Optional<String> requiredText(String key) {
        Optional<String> value = text(key);
        if (value.isEmpty() && !mappingHasNonScalar(key)) {
            problem("missing-field", mapping.source(), subject + " has no '" + key + "'; add it");
        }
        return value;
    }

    /** Reads text that must match {@code format}; {@code described} names the expected form in messages. */
    Optional<String> matching(String key, Pattern format, String described, boolean required) {
        Optional<String> value = required ? requiredText(key) : text(key);
        if (value.isPresent() && !format.matcher(value.get()).matches()) {
            problem("invalid-value", source(key), key + " '" + value.get() + "' is invalid: expected " + described);
            return Optional.empty();
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem("invalid-value", source(key), key + " '" + value.get() + "' is invalid: expected true or false");
                yield defaultValue;
            }
        };
    }

    Optional<Boolean> optionalBool(String key) {
        return has(key) && text(key).isPresent() ? Optional.of(bool(key, false)) : Optional.empty();
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        problem("invalid-number", source(key),
                key + " '" + value.get() + "' is invalid: expected a whole number from " + min + " to " + max);
        return defaultValue;
    }

    /**
     * Reads a duration written like {@code 500ms}, {@code 5s} or {@code 2m}, within {@code [min, max]}.
     */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = parseDuration(value.get());
        if (parsed.isEmpty() || parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            problem("bad-duration", source(key), key + " '" + value.get() + "' is invalid: expected a duration from "
                    + format(min) + " to " + format(max) + ", written like 500ms, 5s or 2m");
            return defaultValue;
        }
        return parsed.get();
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        });
    }

    static String format(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMillis() > 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    Optional<YamlNode.Mapping> mapping(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        problem("wrong-type", node.get().source(), key + " must be a mapping, not " + node.get().describe());
        return Optional.empty();
    }

    /** Reads a list; a single value is accepted as a list of one. */
    Optional<List<YamlNode>> list(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Sequence seq) {
            return Optional.of(seq.items());
        }
        if (node.get() instanceof YamlNode.Scalar) {
            return Optional.of(List.of(node.get()));
        }
        problem("wrong-type", node.get().source(), key + " must be a list, not " + node.get().describe());
        return Optional.empty();
    }

    void problem(String code, SourceRef where, String message) {
        problems.add(FlowProblem.error(code, where, message));
    }

    void warning(String code, SourceRef where, String message) {
        problems.add(FlowProblem.warning(code, where, message));
    }

    /** Reports every key that no read asked for, naming the closest known key. */
    void finish() {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (known.contains(entry.key())) {
                continue;
            }
            String hint = closest(entry.key(), known).map(k -> "; did you mean '" + k + "'?")
                    .orElse("; known fields are " + String.join(", ", known.stream().sorted().toList()));
            problem("unknown-field", entry.keySource(), subject + " has no field '" + entry.key() + "'" + hint);
        }
    }

    private boolean mappingHasNonScalar(String key) {
        return mapping.get(key).map(n -> !(n instanceof YamlNode.Scalar)).orElse(false);
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.isNull();
    }

    /** Returns the known word within edit distance 2 of {@code word}, if any. */
    static Optional<String> closest(String word, Set<String> candidates) {
        return Suggestions.closest(word, candidates, 2);
    }
}
