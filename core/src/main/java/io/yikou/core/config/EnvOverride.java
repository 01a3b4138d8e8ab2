package io.yikou.core.config;

/**
 * Binds an environment variable to a configuration key; the variable wins over the YAML file.
 *
 * @param variable environment variable name, for example {@code YIKOU_HTTP_PORT}
 * @param key      dotted configuration key it sets
 */
public record EnvOverride(String variable, String key) {
}
