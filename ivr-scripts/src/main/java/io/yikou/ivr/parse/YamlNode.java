package io.yikou.ivr.parse;

import io.yikou.ivr.flow.SourceRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value that remembers where it was written, so flow errors can name the file and line.
 * Jackson's tree model drops locations, hence this small tree built from the streaming parser.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    SourceRef source();

    /** Describes the node's kind for messages: "a mapping", "a list" or "a single value". */
    String describe();

    /** A mapping entry: its key, where the key was written, and its value. */
    record Entry(String key, SourceRef keySource, YamlNode value) {
    }

    /** A YAML mapping; entries keep their file order. */
    record Mapping(SourceRef source, Map<String, Entry> entries) implements YamlNode {

        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<YamlNode> get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? Optional.empty() : Optional.of(entry.value());
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A YAML sequence. */
    record Sequence(SourceRef source, List<YamlNode> items) implements YamlNode {

        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A YAML scalar as written. {@code isNull} is true for {@code ~}, {@code null} and an empty value.
     */
    record Scalar(SourceRef source, String text, boolean isNull) implements YamlNode {

        @Override
        public String describe() {
            return isNull ? "an empty value" : "a single value";
        }
    }
}
