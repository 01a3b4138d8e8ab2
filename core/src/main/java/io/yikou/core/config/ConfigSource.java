package io.yikou.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw configuration tree: the YAML file with environment overrides applied on top.
 *
 * <p>Values set from the environment are kept as strings and remember their variable, so a
 * validation error can name {@code YIKOU_HTTP_PORT} rather than the YAML key an operator never wrote.
 */
public final class ConfigSource {

    /** Environment variable naming the YAML file. */
    public static final String CONFIG_VARIABLE = "YIKOU_CONFIG";
    /** File read when {@code YIKOU_CONFIG} is unset; a missing default file means built-in defaults. */
    public static final Path DEFAULT_FILE = Path.of("config", "yikou.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode root;
    private final String fileLabel;
    private final Map<String, String> origins;

    private ConfigSource(ObjectNode root, String fileLabel, Map<String, String> origins) {
        this.root = root;
        this.fileLabel = fileLabel;
        this.origins = origins;
    }

    /**
     * Loads the file named by {@code YIKOU_CONFIG} (or {@link #DEFAULT_FILE} when present) and applies
     * the environment overrides.
     *
     * @throws ConfigException when the named file is missing or is not valid YAML
     */
    public static ConfigSource load(Map<String, String> env, List<EnvOverride> overrides) {
        String named = env.get(CONFIG_VARIABLE);
        Path file;
        if (named != null && !named.isBlank()) {
            file = Path.of(named);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of(new ConfigProblem(CONFIG_VARIABLE, named, "environment",
                        "the path of a readable YAML file")));
            }
        } else {
            file = Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
        }
        ObjectNode root = file == null ? JsonNodeFactory.instance.objectNode() : readYaml(file);
        String label = file == null ? "defaults" : file.toString();
        return fromTree(root, label, env, overrides);
    }

    /** Builds a source from an in-memory tree, as tests and embedding code do. */
    public static ConfigSource fromTree(ObjectNode root, String label, Map<String, String> env,
                                        List<EnvOverride> overrides) {
        ObjectNode copy = root.deepCopy();
        Map<String, String> origins = new HashMap<>();
        for (EnvOverride override : overrides) {
            String value = env.get(override.variable());
            if (value == null) {
                continue;
            }
            set(copy, override.key(), value);
            origins.put(override.key(), "environment variable " + override.variable());
        }
        return new ConfigSource(copy, label, origins);
    }

    /** Parses YAML text into a tree, for tests and the {@code --config} option of tools. */
    public static ObjectNode parseYaml(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(List.of(new ConfigProblem("(root)", node.toString(), "YAML text",
                        "a mapping of keys to values")));
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            throw new ConfigException("Invalid configuration: YAML text is not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode readYaml(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(List.of(new ConfigProblem("(root)", node.getNodeType().toString(),
                        file.toString(), "a YAML mapping of keys to values")));
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            throw new ConfigException("Invalid configuration: " + file + " is not valid YAML: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        } catch (IOException e) {
            throw new ConfigException("Invalid configuration: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void set(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    /** Returns the node at a dotted key, or a missing node. */
    JsonNode node(String key) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** Names where the value of a key came from. */
    String origin(String key) {
        return origins.getOrDefault(key, node(key).isMissingNode() ? "default" : fileLabel);
    }

    ObjectNode root() {
        return root;
    }

    String fileLabel() {
        return fileLabel;
    }
}
