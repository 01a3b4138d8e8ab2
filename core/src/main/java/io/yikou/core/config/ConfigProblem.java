package io.yikou.core.config;

/**
 * One invalid or unknown configuration entry.
 *
 * @param key     dotted key, for example {@code http.port}
 * @param value   the value as written, or {@code null} when the key is missing
 * @param source  where the value came from: the YAML file, an environment variable or the default
 * @param allowed what the key accepts, in words an operator can act on
 */
public record ConfigProblem(String key, String value, String source, String allowed) {

    /** Formats the problem as one line naming the key, the value, its source and what is allowed. */
    public String describe() {
        String shown = value == null ? "(missing)" : "'" + value + "'";
        return key + " = " + shown + " (from " + source + "): expected " + allowed;
    }
}
