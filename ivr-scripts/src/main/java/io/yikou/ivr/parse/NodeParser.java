package io.yikou.ivr.parse;

import io.yikou.ivr.flow.Assignments;
import io.yikou.ivr.flow.DigitFormat;
import io.yikou.ivr.flow.Dtmf;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.InputSettings;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.OpeningHours;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.flow.Target;
import io.yikou.ivr.flow.TimeRange;
import io.yikou.ivr.validate.FlowProblem;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one node of a flow file by its {@code type:}; see {@link FlowParser}. */
final class NodeParser {

    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_RETRIES = 9;
    static final int MAX_DIGITS = 64;
    static final int MAX_PRIORITY = 100;

    /** Node types in the order {@code docs/ivr.md} lists them. */
    static final List<String> TYPES = List.of("play", "menu", "collect", "ticket-status", "business-hours",
            "transfer", "voicemail", "callback", "survey", "elderly-check", "set", "branch", "hangup", "goto",
            "goto-flow", "sub-flow", "return");

    /** Channel variables the engine writes at the end of every walk; flows must not set them. */
    static final Set<String> RESERVED_VARIABLES = Set.of("YIKOU_OUTCOME", "YIKOU_QUEUE", "YIKOU_PRIORITY",
            "QUEUE_PRIO", "YIKOU_LANGUAGE", "YIKOU_ELDERLY", "YIKOU_CONTACT_ID", "YIKOU_IVR_PATH",
            "YIKOU_IVR_CHOICES", "YIKOU_VOICEMAIL_TICKET", "YIKOU_CALLBACK_ID");

    private static final Pattern TIME_RANGE = Pattern.compile("(\\d{2}):(\\d{2})\\s*-\\s*(\\d{2}):(\\d{2})");

    private final List<FlowProblem> problems;
    private final FlowParser.Defaults defaults;

    NodeParser(List<FlowProblem> problems, FlowParser.Defaults defaults) {
        this.problems = problems;
        this.defaults = defaults;
    }

    FlowNode parse(YamlNode.Entry entry) {
        String id = entry.key();
        if (!(entry.value() instanceof YamlNode.Mapping mapping)) {
            problems.add(FlowProblem.error("wrong-type", entry.value().source(),
                    "node '" + id + "' must be a mapping with a 'type', not " + entry.value().describe()));
            return new FlowNode.Broken(id, entry.keySource());
        }
        MappingReader r = new MappingReader(mapping, problems, "node '" + id + "'");
        SourceRef at = entry.keySource();
        Optional<String> type = r.requiredText("type");
        r.text("description");
        if (type.isEmpty()) {
            return new FlowNode.Broken(id, at);
        }
        FlowNode node = switch (type.get()) {
            case "play" -> new FlowNode.Play(id, at, prompts(r, "prompts", true), r.bool("interruptible", false),
                    target(r, "next"));
            case "menu" -> menu(id, at, r);
            case "collect" -> collect(id, at, r);
            case "ticket-status" -> new FlowNode.TicketStatus(id, at,
                    r.matching("ticket", FlowParser.FLOW_VARIABLE, "a flow variable name", true).orElse("ticket"),
                    prompts(r, "prompts", false), r.bool("read-number", true), target(r, "found"),
                    target(r, "not-found"));
            case "business-hours" -> businessHours(id, at, r);
            case "transfer" -> transfer(id, at, r);
            case "voicemail" -> voicemail(id, at, r);
            case "callback" -> new FlowNode.Callback(id, at,
                    r.matching("queue", FlowParser.QUEUE, "an Asterisk queue name", true).orElse(""),
                    r.matching("number", FlowParser.FLOW_VARIABLE, "a flow variable holding the number", false),
                    target(r, "next"), target(r, "on-error"));
            case "survey" -> new FlowNode.Survey(id, at, prompts(r, "prompts", true),
                    r.matching("ticket-variable", FlowParser.CHANNEL_VARIABLE, "a channel variable name", false)
                            .orElse("YIKOU_TICKET"),
                    input(r), target(r, "next"), target(r, "on-exhausted"));
            case "elderly-check" -> new FlowNode.ElderlyCheck(id, at, target(r, "registered"), target(r, "other"));
            case "set" -> assign(id, at, r);
            case "branch" -> branch(id, at, r);
            case "hangup" -> new FlowNode.Hangup(id, at, prompts(r, "prompts", false));
            case "goto" -> new FlowNode.Goto(id, at, target(r, "target"));
            case "goto-flow" -> new FlowNode.GotoFlow(id, at, flowName(r), r.source("flow"));
            case "sub-flow" -> new FlowNode.SubFlow(id, at, flowName(r), r.source("flow"), target(r, "next"));
            case "return" -> new FlowNode.Return(id, at);
            default -> null;
        };
        if (node == null) {
            String hint = MappingReader.closest(type.get(), new TreeSet<>(TYPES)).map(t -> "; did you mean '" + t + "'?")
                    .orElse("; use one of " + String.join(", ", TYPES));
            problems.add(FlowProblem.error("unknown-type", r.source("type"),
                    "node '" + id + "' has unknown type '" + type.get() + "'" + hint));
            return new FlowNode.Broken(id, at);
        }
        r.finish();
        return node;
    }

    private FlowNode menu(String id, SourceRef at, MappingReader r) {
        List<PromptItem> prompts = prompts(r, "prompts", true);
        Map<Character, FlowNode.Choice> choices = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> block = r.mapping("choices");
        if (block.isEmpty()) {
            if (!r.has("choices")) {
                r.problem("missing-field", at, "node '" + id + "' has no 'choices'; add at least one key");
            }
        } else {
            for (YamlNode.Entry entry : block.get().entries().values()) {
                Optional<Character> key = dtmfKey(entry.key(), entry.keySource(), "menu key");
                if (key.isPresent()) {
                    choices.put(key.get(), choice(key.get(), entry));
                }
            }
            if (block.get().entries().isEmpty()) {
                r.problem("missing-field", block.get().source(), "node '" + id + "' has no choices; add at least one key");
            }
        }
        return new FlowNode.Menu(id, at, prompts, choices, input(r), target(r, "on-exhausted"));
    }

    private FlowNode.Choice choice(char key, YamlNode.Entry entry) {
        if (entry.value() instanceof YamlNode.Scalar scalar) {
            return new FlowNode.Choice(key, entry.keySource(), nodeRef(scalar.text().strip(), scalar.source(), "choice"),
                    Assignments.NONE);
        }
        if (!(entry.value() instanceof YamlNode.Mapping mapping)) {
            problems.add(FlowProblem.error("wrong-type", entry.value().source(),
                    "choice '" + key + "' must be a node id or a mapping with 'next', not " + entry.value().describe()));
            return new FlowNode.Choice(key, entry.keySource(), new Target("", entry.value().source()), Assignments.NONE);
        }
        MappingReader r = new MappingReader(mapping, problems, "choice '" + key + "'");
        Target next = target(r, "next");
        Assignments assignments = assignments(r);
        r.finish();
        return new FlowNode.Choice(key, entry.keySource(), next, assignments);
    }

    private FlowNode collect(String id, SourceRef at, MappingReader r) {
        List<PromptItem> prompts = prompts(r, "prompts", true);

        // Length and terminator.
        int minDigits = r.integer("min-digits", 1, 1, MAX_DIGITS);
        int maxDigits = r.integer("max-digits", MAX_DIGITS, 1, MAX_DIGITS);
        if (!r.has("max-digits")) {
            r.problem("missing-field", at, "node '" + id + "' has no 'max-digits'; add the longest valid input");
        }
        if (minDigits > maxDigits) {
            r.problem("invalid-number", r.source("min-digits"), "min-digits " + minDigits
                    + " is more than max-digits " + maxDigits + "; lower min-digits or raise max-digits");
        }
        Optional<Character> terminator = Optional.of('#');
        Optional<String> terminatorText = r.text("terminator");
        if (terminatorText.isPresent()) {
            if (terminatorText.get().equalsIgnoreCase("none")) {
                terminator = Optional.empty();
            } else {
                terminator = dtmfKey(terminatorText.get(), r.source("terminator"), "terminator");
                if (terminator.isPresent() && Dtmf.isDigit(terminator.get())) {
                    r.problem("invalid-dtmf-key", r.source("terminator"), "terminator '" + terminator.get()
                            + "' is a digit the caller may need to type; use '#', '*' or none");
                }
            }
        }
        Duration interDigit = r.duration("inter-digit-timeout", defaults.interDigitTimeout(), MIN_TIMEOUT,
                MAX_INTER_DIGIT_TIMEOUT);

        // Checks and storage.
        DigitFormat format = digitFormat(r);
        Optional<Pattern> pattern = r.text("pattern").flatMap(text -> {
            try {
                return Optional.of(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                r.problem("invalid-pattern", r.source("pattern"), "pattern '" + text + "' is not a valid regular expression: "
                        + e.getDescription());
                return Optional.empty();
            }
        });
        String store = r.matching("store", FlowParser.FLOW_VARIABLE, "a flow variable name (lower case, digits, '-')",
                true).orElse("input");
        boolean sensitive = r.bool("sensitive", false);
        return new FlowNode.Collect(id, at, prompts, minDigits, maxDigits, terminator, interDigit, format, pattern,
                store, sensitive, input(r), target(r, "next"), target(r, "on-exhausted"));
    }

    private DigitFormat digitFormat(MappingReader r) {
        Optional<String> text = r.text("format");
        if (text.isEmpty()) {
            return DigitFormat.DIGITS;
        }
        for (DigitFormat format : DigitFormat.values()) {
            if (format.code().equals(text.get())) {
                return format;
            }
        }
        r.problem("invalid-value", r.source("format"), "format '" + text.get() + "' is invalid: expected one of "
                + String.join(", ", Arrays.stream(DigitFormat.values()).map(DigitFormat::code).toList()));
        return DigitFormat.DIGITS;
    }

    private FlowNode businessHours(String id, SourceRef at, MappingReader r) {
        OpeningHours hours = new OpeningHours(timeRanges(r, "working-days"), timeRanges(r, "rest-days"),
                timeRanges(r, "holidays"));
        if (hours.workingDays().isEmpty() && hours.restDays().isEmpty() && hours.holidays().isEmpty()) {
            r.warning("never-open", at, "node '" + id + "' lists no opening hours, so it always goes to 'closed'");
        }
        Optional<Target> holiday = r.has("holiday") ? Optional.of(target(r, "holiday")) : Optional.empty();
        return new FlowNode.BusinessHours(id, at, hours, target(r, "open"), target(r, "closed"), holiday);
    }

    private List<TimeRange> timeRanges(MappingReader r, String key) {
        List<TimeRange> ranges = new ArrayList<>();
        for (YamlNode item : r.list(key).orElse(List.of())) {
            String text = item instanceof YamlNode.Scalar s ? s.text().strip() : "";
            Matcher m = TIME_RANGE.matcher(text);
            Optional<TimeRange> range = m.matches() ? timeRange(m) : Optional.empty();
            if (range.isEmpty()) {
                problems.add(FlowProblem.error("invalid-time-range", item.source(), key + " entry '" + text
                        + "' is invalid: expected HH:MM-HH:MM with the start before the end, such as 08:30-17:30"));
                continue;
            }
            for (TimeRange other : ranges) {
                if (range.get().start().isBefore(other.endOfDay() ? LocalTime.MAX : other.end())
                        && other.start().isBefore(range.get().endOfDay() ? LocalTime.MAX : range.get().end())) {
                    problems.add(FlowProblem.warning("overlapping-hours", item.source(),
                            key + " entry " + range.get() + " overlaps " + other));
                }
            }
            ranges.add(range.get());
        }
        return ranges;
    }

    private static Optional<TimeRange> timeRange(Matcher m) {
        int startHour = Integer.parseInt(m.group(1));
        int startMinute = Integer.parseInt(m.group(2));
        int endHour = Integer.parseInt(m.group(3));
        int endMinute = Integer.parseInt(m.group(4));
        if (startHour > 23 || startMinute > 59 || endMinute > 59 || endHour > 24 || (endHour == 24 && endMinute != 0)) {
            return Optional.empty();
        }
        LocalTime start = LocalTime.of(startHour, startMinute);
        if (endHour == 24) {
            return Optional.of(new TimeRange(start, LocalTime.MAX, true));
        }
        LocalTime end = LocalTime.of(endHour, endMinute);
        return start.isBefore(end) ? Optional.of(new TimeRange(start, end, false)) : Optional.empty();
    }

    private FlowNode transfer(String id, SourceRef at, MappingReader r) {
        List<PromptItem> prompts = prompts(r, "prompts", false);
        String queue = r.matching("queue", FlowParser.QUEUE, "an Asterisk queue name (letters, digits, '-', '_')", true)
                .orElse("");
        int priority = r.integer("priority", 0, 0, MAX_PRIORITY);
        OptionalInt boost = r.has("elderly-priority-boost") && r.text("elderly-priority-boost").isPresent()
                ? OptionalInt.of(r.integer("elderly-priority-boost", 0, 0, MAX_PRIORITY))
                : OptionalInt.empty();
        return new FlowNode.Transfer(id, at, prompts, queue, priority, boost);
    }

    private FlowNode voicemail(String id, SourceRef at, MappingReader r) {
        List<PromptItem> prompts = prompts(r, "prompts", true);
        Duration max = r.duration("max-duration", Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofMinutes(10));
        Duration min = r.duration("min-duration", Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(30));
        if (min.compareTo(max) >= 0) {
            r.problem("bad-duration", r.source("min-duration"), "min-duration " + MappingReader.format(min)
                    + " is not shorter than max-duration " + MappingReader.format(max));
        }
        Duration silence = r.duration("silence", Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60));
        boolean beep = r.bool("beep", true);
        char finishKey = r.text("finish-key")
                .flatMap(text -> dtmfKey(text, r.source("finish-key"), "finish-key"))
                .orElse('#');
        return new FlowNode.Voicemail(id, at, prompts, max, min, silence, beep, finishKey, target(r, "next"),
                target(r, "on-empty"));
    }

    private FlowNode assign(String id, SourceRef at, MappingReader r) {
        Assignments assignments = assignments(r);
        if (assignments.isEmpty()) {
            r.warning("sets-nothing", at, "node '" + id + "' sets no variables, language or elderly mode");
        }
        return new FlowNode.Assign(id, at, assignments, target(r, "next"));
    }

    private Assignments assignments(MappingReader r) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (YamlNode.Entry entry : r.mapping("variables").map(m -> m.entries().values()).orElse(List.of())) {
            if (!FlowParser.CHANNEL_VARIABLE.matcher(entry.key()).matches()) {
                problems.add(FlowProblem.error("invalid-value", entry.keySource(), "channel variable name '"
                        + entry.key() + "' is invalid: expected letters, digits and '_', or a function like CDR(userfield)"));
                continue;
            }
            if (RESERVED_VARIABLES.contains(entry.key())) {
                problems.add(FlowProblem.error("reserved-variable", entry.keySource(), "channel variable "
                        + entry.key() + " is set by the engine at the end of every walk; choose another name"));
                continue;
            }
            if (!(entry.value() instanceof YamlNode.Scalar scalar)) {
                problems.add(FlowProblem.error("wrong-type", entry.value().source(),
                        "the value of " + entry.key() + " must be a single value, not " + entry.value().describe()));
                continue;
            }
            variables.put(entry.key(), scalar.isNull() ? "" : scalar.text());
        }
        Optional<Language> language = r.text("language").flatMap(text -> {
            Optional<Language> parsed = Language.parse(text);
            if (parsed.isEmpty()) {
                r.problem("invalid-value", r.source("language"), "language '" + text + "' is invalid: expected zh-CN or en");
            }
            return parsed;
        });
        return new Assignments(variables, language, r.optionalBool("elderly"));
    }

    private FlowNode branch(String id, SourceRef at, MappingReader r) {
        String on = r.requiredText("on").orElse("variable");
        FlowNode.BranchSubject subject = switch (on) {
            case "language" -> FlowNode.BranchSubject.LANGUAGE;
            case "elderly" -> FlowNode.BranchSubject.ELDERLY;
            case "variable" -> FlowNode.BranchSubject.VARIABLE;
            case "channel-variable" -> FlowNode.BranchSubject.CHANNEL_VARIABLE;
            default -> {
                r.problem("invalid-value", r.source("on"),
                        "on '" + on + "' is invalid: expected language, elderly, variable or channel-variable");
                yield FlowNode.BranchSubject.VARIABLE;
            }
        };
        Optional<String> name = switch (subject) {
            case VARIABLE -> r.matching("name", FlowParser.FLOW_VARIABLE, "a flow variable name", true);
            case CHANNEL_VARIABLE -> r.matching("name", FlowParser.CHANNEL_VARIABLE, "a channel variable name", true);
            default -> Optional.empty();
        };
        Map<String, Target> cases = new LinkedHashMap<>();
        for (YamlNode.Entry entry : r.mapping("cases").map(m -> m.entries().values()).orElse(List.of())) {
            checkCaseValue(subject, entry);
            if (entry.value() instanceof YamlNode.Scalar scalar) {
                cases.put(entry.key(), nodeRef(scalar.text().strip(), scalar.source(), "case"));
            } else {
                problems.add(FlowProblem.error("wrong-type", entry.value().source(),
                        "case '" + entry.key() + "' must name a node, not " + entry.value().describe()));
            }
        }
        if (cases.isEmpty() && !r.has("cases")) {
            r.problem("missing-field", at, "node '" + id + "' has no 'cases'; add at least one value");
        }
        return new FlowNode.Branch(id, at, subject, name, cases, target(r, "default"));
    }

    private void checkCaseValue(FlowNode.BranchSubject subject, YamlNode.Entry entry) {
        boolean valid = switch (subject) {
            case LANGUAGE -> Language.parse(entry.key()).isPresent();
            case ELDERLY -> Set.of("yes", "no").contains(entry.key().toLowerCase(Locale.ROOT));
            default -> true;
        };
        if (!valid) {
            problems.add(FlowProblem.error("invalid-value", entry.keySource(), "case '" + entry.key()
                    + "' can never match: expected " + (subject == FlowNode.BranchSubject.LANGUAGE ? "zh-CN or en" : "yes or no")));
        }
    }

    private InputSettings input(MappingReader r) {
        return new InputSettings(
                r.duration("timeout", defaults.timeout(), MIN_TIMEOUT, MAX_TIMEOUT),
                r.integer("retries", defaults.retries(), 0, MAX_RETRIES),
                r.has("no-input-prompts") ? prompts(r, "no-input-prompts", problems) : defaults.noInputPrompts(),
                r.has("invalid-prompts") ? prompts(r, "invalid-prompts", problems) : defaults.invalidPrompts());
    }

    private String flowName(MappingReader r) {
        return r.matching("flow", FlowParser.FLOW_NAME, "a flow name (lower-case letters, digits and dashes)", true)
                .orElse("");
    }

    private Target target(MappingReader r, String key) {
        Optional<String> id = r.requiredText(key);
        return id.map(text -> nodeRef(text, r.source(key), key)).orElseGet(() -> new Target("", r.source(key)));
    }

    private Target nodeRef(String id, SourceRef at, String field) {
        if (!FlowParser.NODE_ID.matcher(id).matches()) {
            problems.add(FlowProblem.error("invalid-value", at, field + " '" + id + "' is not a valid node id"));
            return new Target("", at);
        }
        return new Target(id, at);
    }

    private Optional<Character> dtmfKey(String text, SourceRef at, String what) {
        if (text.length() != 1 || !Dtmf.isKey(text.charAt(0)) || Character.isLowerCase(text.charAt(0))) {
            problems.add(FlowProblem.error("invalid-dtmf-key", at, what + " '" + text
                    + "' is not a DTMF key: expected one of 0-9, * or # (write \"*\" and \"#\" in quotes)"));
            return Optional.empty();
        }
        char key = text.charAt(0);
        if (!Dtmf.isKeypadKey(key)) {
            problems.add(FlowProblem.warning("rare-dtmf-key", at, what + " '" + key
                    + "' exists only on special keypads; citizens' phones cannot send it"));
        }
        return Optional.of(key);
    }

    private List<PromptItem> prompts(MappingReader r, String key, boolean required) {
        if (required && !r.has(key)) {
            r.problem("missing-field", r.source(), r.subject() + " has no '" + key + "'; list at least one prompt id");
            return List.of();
        }
        return prompts(r, key, problems);
    }

    /** Reads a prompt list: ids, or one-key mappings {@code say-digits: VAR} and {@code say-number: VAR}. */
    static List<PromptItem> prompts(MappingReader r, String key, List<FlowProblem> problems) {
        List<PromptItem> items = new ArrayList<>();
        for (YamlNode item : r.list(key).orElse(List.of())) {
            if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                String id = scalar.text().strip();
                if (FlowParser.PROMPT_ID.matcher(id).matches()) {
                    items.add(new PromptItem.Recorded(id, scalar.source()));
                } else {
                    problems.add(FlowProblem.error("invalid-value", scalar.source(), "prompt id '" + id
                            + "' is invalid: expected lower-case letters, digits, '-' and '.'"));
                }
                continue;
            }
            if (item instanceof YamlNode.Mapping mapping && mapping.entries().size() == 1) {
                YamlNode.Entry entry = mapping.entries().values().iterator().next();
                String variable = entry.value() instanceof YamlNode.Scalar s ? s.text().strip() : "";
                boolean validVariable = FlowParser.FLOW_VARIABLE.matcher(variable).matches();
                if (validVariable && entry.key().equals("say-digits")) {
                    items.add(new PromptItem.SayDigits(variable, entry.keySource()));
                    continue;
                }
                if (validVariable && entry.key().equals("say-number")) {
                    items.add(new PromptItem.SayNumber(variable, entry.keySource()));
                    continue;
                }
            }
            problems.add(FlowProblem.error("invalid-prompt", item.source(), key
                    + " entries must be prompt ids or {say-digits: VARIABLE} / {say-number: VARIABLE}"));
        }
        return items;
    }
}
