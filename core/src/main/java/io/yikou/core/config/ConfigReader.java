package io.yikou.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validating access to a {@link ConfigSource}.
 *
 * <p>Every read records its key, and every invalid value adds a {@link ConfigProblem} instead of
 * throwing, so an operator sees all mistakes at once. Call {@link #finish()} after all sections have
 * been read: it reports keys that no section read (usually typos) and throws if anything was wrong.
 * Not thread-safe; used once at start-up.
 */
public final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb)?",
            Pattern.CASE_INSENSITIVE);

    private final ConfigSource source;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> readKeys = new HashSet<>();
    private final Set<String> readSubtrees = new HashSet<>();

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    /** Reads a string; blank counts as unset. */
    public String string(String key, String defaultValue) {
        JsonNode node = read(key);
        if (node.isMissingNode() || node.isNull()) {
            return defaultValue;
        }
        if (!node.isValueNode()) {
            problem(key, node.toString(), "a single value, not a list or a mapping");
            return defaultValue;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? defaultValue : text;
    }

    /** Reads an optional string; blank counts as unset. */
    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(string(key, null));
    }

    /** Reads an integer within {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problem(key, text, "an integer from " + min + " to " + max);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, text, "an integer from " + min + " to " + max);
            return defaultValue;
        }
    }

    /** Reads {@code true} or {@code false}. */
    public boolean bool(String key, boolean defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, text, "true or false");
                yield defaultValue;
            }
        };
    }

    /** Reads one of a fixed set of words, compared without case. */
    public String oneOf(String key, String defaultValue, String... allowed) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        problem(key, text, "one of " + String.join(", ", allowed));
        return defaultValue;
    }

    /** Reads a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        String allowed = "a duration from " + format(min) + " to " + format(max)
                + " written like 500ms, 30s, 5m, 2h or 7d";
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            problem(key, text, allowed);
            return defaultValue;
        }
        long amount = Long.parseLong(m.group(1));
        Duration value = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problem(key, text, allowed);
            return defaultValue;
        }
        return value;
    }

    /** Reads a byte size such as {@code 5MiB}, {@code 512KiB} or a plain number of bytes. */
    public long bytes(String key, long defaultValue, long min, long max) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        String allowed = "a size from " + min + " to " + max + " bytes, written like 1048576, 512KiB or 5MiB";
        Matcher m = SIZE.matcher(text.replace(" ", ""));
        if (!m.matches()) {
            problem(key, text, allowed);
            return defaultValue;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "kib", "kb" -> 1024L;
            case "mib", "mb" -> 1024L * 1024;
            case "gib", "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        long value = amount * factor;
        if (value < min || value > max) {
            problem(key, text, allowed);
            return defaultValue;
        }
        return value;
    }

    /** Reads an absolute http or https URL, or returns empty when unset. */
    public Optional<URI> httpUrl(String key) {
        String text = string(key, null);
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problem(key, text, "an absolute http:// or https:// URL");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problem(key, text, "an absolute http:// or https:// URL");
            return Optional.empty();
        }
    }

    /** Reads a filesystem path; relative paths stay relative to the working directory. */
    public Path path(String key, Path defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            problem(key, text, "a filesystem path");
            return defaultValue;
        }
    }

    /** Reads a time-zone id such as {@code Asia/Shanghai}. */
    public ZoneId zone(String key, ZoneId defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeParseException | java.time.zone.ZoneRulesException e) {
            problem(key, text, "a time-zone id such as Asia/Shanghai");
            return defaultValue;
        }
    }

    /** Reads a list of strings from a YAML sequence or a comma-separated string. */
    public List<String> stringList(String key, List<String> defaultValue) {
        JsonNode node = read(key);
        if (node.isMissingNode() || node.isNull()) {
            return defaultValue;
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode()) {
                    problem(key, node.toString(), "a list of single values");
                    return defaultValue;
                }
                String text = item.asText().trim();
                if (!text.isEmpty()) {
                    values.add(text);
                }
            }
            return List.copyOf(values);
        }
        if (node.isValueNode()) {
            return Arrays.stream(node.asText().split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        problem(key, node.toString(), "a list or a comma-separated string");
        return defaultValue;
    }

    /**
     * Returns the raw subtree at a key and marks everything under it as read. Sections with their
     * own structure (lists of accounts, boundary files) validate it themselves and report through
     * {@link #problem}.
     */
    public JsonNode subtree(String key) {
        readSubtrees.add(key);
        return source.node(key);
    }

    /** Records a problem found by a section's own validation. */
    public void problem(String key, String value, String allowed) {
        problems.add(new ConfigProblem(key, value, source.origin(key), allowed));
    }

    /** Returns the problems recorded so far. */
    public List<ConfigProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * Reports unknown keys and throws if any problem was recorded.
     *
     * @throws ConfigException listing every problem
     */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        collectUnknown(source.root(), "", unknown);
        for (String key : unknown) {
            problems.add(new ConfigProblem(key, source.node(key).toString(), source.origin(key),
                    "no such key; see docs/configuration.md for the keys Yikou reads"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private void collectUnknown(JsonNode node, String prefix, List<String> unknown) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (readKeys.contains(key) || readSubtrees.contains(key)) {
                continue;
            }
            if (field.getValue().isObject()) {
                collectUnknown(field.getValue(), key, unknown);
            } else {
                unknown.add(key);
            }
        }
    }

    private JsonNode read(String key) {
        readKeys.add(key);
        return source.node(key);
    }

    private static String format(Duration duration) {
        if (duration.toMillis() % 86_400_000 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + "m";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
