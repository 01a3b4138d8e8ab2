package io.yikou.ivr.parse;

import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.flow.Target;
import io.yikou.ivr.validate.FlowProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses one YAML flow file into a {@link Flow}, reporting every mistake with file, line and column.
 *
 * <p>The parser never throws for bad input. It returns the flow whenever the file has the basic
 * shape (so the validator can add its own findings) together with all problems; a flow with any
 * {@link FlowProblem.Severity#ERROR} must not be run. Node kinds are read by {@link NodeParser}.
 * Thread-safe and stateless.
 */
public final class FlowParser {

    /** Flow names appear in {@code agi://host/<flow>} URLs and file names. */
    public static final Pattern FLOW_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final Pattern PROMPT_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,79}");
    public static final Pattern FLOW_VARIABLE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** A channel variable or a dialplan function such as {@code CDR(userfield)}. */
    public static final Pattern CHANNEL_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,79}(\\([^()]{0,80}\\))?");
    /** Asterisk queue names are sections of {@code queues.conf}. */
    public static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(3);
    static final int DEFAULT_RETRIES = 2;

    private FlowParser() {
    }

    /** The flow when the file had a readable shape, and every problem found. */
    public record Result(Optional<Flow> flow, List<FlowProblem> problems) {

        public boolean hasErrors() {
            return problems.stream().anyMatch(FlowProblem::isError);
        }
    }

    /** Settings from a flow's {@code defaults:} block, applied where a node does not set its own. */
    record Defaults(Duration timeout, Duration interDigitTimeout, int retries, List<PromptItem> noInputPrompts,
                    List<PromptItem> invalidPrompts) {
    }

    /**
     * Parses a flow file.
     *
     * @param file name used in messages; the flow's name should match it without {@code .yaml}
     */
    public static Result parse(String file, String text) {
        YamlReader.Result yaml = YamlReader.read(file, text);
        List<FlowProblem> problems = new ArrayList<>(yaml.problems());
        if (yaml.root().isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        if (!(yaml.root().get() instanceof YamlNode.Mapping root)) {
            problems.add(FlowProblem.error("wrong-type", yaml.root().get().source(),
                    "a flow file must be a mapping with the keys flow, start and nodes"));
            return new Result(Optional.empty(), problems);
        }
        MappingReader top = new MappingReader(root, problems, "the flow");

        // Header: name, description, start.
        String expectedName = baseName(file);
        String name = top.matching("flow", FLOW_NAME, "lower-case letters, digits and dashes", true)
                .orElse(expectedName);
        if (!expectedName.isEmpty() && !name.equals(expectedName) && FLOW_NAME.matcher(expectedName).matches()) {
            top.warning("name-mismatch", top.source("flow"), "flow '" + name + "' is in file '" + file
                    + "'; name the file " + name + ".yaml so agi://host/" + name + " finds it");
        }
        String description = top.text("description").orElse("");
        boolean answer = top.bool("answer", true);
        Target start = top.matching("start", NODE_ID, "a node id", true)
                .map(id -> new Target(id, top.source("start")))
                .orElseGet(() -> new Target("", top.source("start")));

        // Defaults, then the nodes that use them.
        Defaults defaults = readDefaults(top, problems);
        Map<String, FlowNode> nodes = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> nodeMap = top.mapping("nodes");
        if (nodeMap.isEmpty()) {
            Optional<YamlNode> raw = root.get("nodes");
            if (raw.isEmpty() || raw.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                top.problem("missing-field", root.source(), "the flow has no 'nodes'; add at least one node");
            }
        } else {
            NodeParser nodeParser = new NodeParser(problems, defaults);
            for (YamlNode.Entry entry : nodeMap.get().entries().values()) {
                if (!NODE_ID.matcher(entry.key()).matches()) {
                    problems.add(FlowProblem.error("invalid-value", entry.keySource(), "node id '" + entry.key()
                            + "' is invalid: expected letters, digits, '-' and '_', starting with a letter or digit"));
                }
                nodes.put(entry.key(), nodeParser.parse(entry));
            }
        }
        top.finish();
        return new Result(Optional.of(new Flow(name, description, file, answer, start, nodes, root.source())),
                problems);
    }

    private static Defaults readDefaults(MappingReader top, List<FlowProblem> problems) {
        Optional<YamlNode.Mapping> block = top.mapping("defaults");
        if (block.isEmpty()) {
            return new Defaults(DEFAULT_TIMEOUT, DEFAULT_INTER_DIGIT_TIMEOUT, DEFAULT_RETRIES, List.of(), List.of());
        }
        MappingReader r = new MappingReader(block.get(), problems, "defaults");
        Defaults defaults = new Defaults(
                r.duration("timeout", DEFAULT_TIMEOUT, NodeParser.MIN_TIMEOUT, NodeParser.MAX_TIMEOUT),
                r.duration("inter-digit-timeout", DEFAULT_INTER_DIGIT_TIMEOUT, NodeParser.MIN_TIMEOUT,
                        NodeParser.MAX_INTER_DIGIT_TIMEOUT),
                r.integer("retries", DEFAULT_RETRIES, 0, NodeParser.MAX_RETRIES),
                NodeParser.prompts(r, "no-input-prompts", problems),
                NodeParser.prompts(r, "invalid-prompts", problems));
        r.finish();
        return defaults;
    }

    /** Returns the file name without directories and without {@code .yaml} or {@code .yml}. */
    public static String baseName(String file) {
        String name = file.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        for (String suffix : Set.of(".yaml", ".yml")) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
