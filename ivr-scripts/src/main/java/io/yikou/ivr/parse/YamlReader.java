package io.yikou.ivr.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.validate.FlowProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one YAML document into a {@link YamlNode} tree with line and column numbers.
 *
 * <p>Duplicate mapping keys are reported (YAML forbids them and Jackson's streaming parser keeps
 * both silently). The document size and nesting depth are bounded so a hostile or broken file
 * cannot exhaust memory. Thread-safe: each call uses its own parser.
 */
public final class YamlReader {

    /** Largest flow or data file accepted, in characters. */
    public static final int MAX_CHARS = 1_000_000;
    private static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {
    }

    /** The parsed tree, if the text was well-formed YAML, and every problem found on the way. */
    public record Result(Optional<YamlNode> root, List<FlowProblem> problems) {
    }

    /**
     * Parses {@code text}; never throws for bad input, which is reported as problems instead.
     *
     * @param file name used in {@link SourceRef}s and messages
     */
    public static Result read(String file, String text) {
        List<FlowProblem> problems = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            problems.add(FlowProblem.error("file-too-large", SourceRef.unknown(file),
                    "the file has " + text.length() + " characters; the maximum is " + MAX_CHARS));
            return new Result(Optional.empty(), problems);
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(FlowProblem.error("empty-file", new SourceRef(file, 1, 1), "the file is empty"));
                return new Result(Optional.empty(), problems);
            }
            YamlNode root = readValue(parser, file, problems, 0);
            return new Result(Optional.of(root), problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SourceRef where = at == null ? SourceRef.unknown(file)
                    : new SourceRef(file, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0));
            problems.add(FlowProblem.error("yaml-syntax", where, "invalid YAML: " + e.getOriginalMessage()));
            return new Result(Optional.empty(), problems);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some syntax errors (bad indentation, aliases) as unchecked exceptions.
            problems.add(FlowProblem.error("yaml-syntax", SourceRef.unknown(file), "invalid YAML: " + e.getMessage()));
            return new Result(Optional.empty(), problems);
        }
    }

    private static YamlNode readValue(JsonParser parser, String file, List<FlowProblem> problems, int depth)
            throws IOException {
        SourceRef where = location(parser, file);
        if (depth > MAX_DEPTH) {
            throw new JsonParseDepthException(parser, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMapping(parser, file, problems, depth, where);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, file, problems, depth + 1));
                }
                return new YamlNode.Sequence(where, items);
            case VALUE_NULL:
                return new YamlNode.Scalar(where, "", true);
            default:
                String text = parser.getText();
                return new YamlNode.Scalar(where, text == null ? "" : text, false);
        }
    }

    private static YamlNode readMapping(JsonParser parser, String file, List<FlowProblem> problems, int depth,
                                        SourceRef where) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SourceRef keySource = location(parser, file);
            parser.nextToken();
            YamlNode value = readValue(parser, file, problems, depth + 1);
            YamlNode.Entry earlier = entries.get(key);
            if (earlier != null) {
                problems.add(FlowProblem.error("duplicate-key", keySource,
                        "key '" + key + "' appears twice in this mapping (first at line "
                                + earlier.keySource().line() + "); remove one"));
                continue;
            }
            entries.put(key, new YamlNode.Entry(key, keySource, value));
        }
        return new YamlNode.Mapping(where, entries);
    }

    private static SourceRef location(JsonParser parser, String file) {
        JsonLocation at = parser.currentTokenLocation();
        return new SourceRef(file, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0));
    }

    /** Signals a document nested past {@link #MAX_DEPTH}; reported like a syntax error. */
    private static final class JsonParseDepthException extends JsonProcessingException {
        JsonParseDepthException(JsonParser parser, String message) {
            super(message, parser.currentTokenLocation());
        }
    }
}
