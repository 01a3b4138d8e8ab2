package io.yikou.ivr.prompt;

import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.parse.YamlNode;
import io.yikou.ivr.parse.YamlReader;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.FlowValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every prompt id with its text in each language: what the recording studio reads, what the
 * simulator prints, and what the validator checks flows against. Immutable and thread-safe.
 *
 * <p>The file is YAML: each top-level key is a prompt id with {@code zh-CN} and {@code en} texts
 * and an optional {@code note} for the studio. Both texts are required, so a caller who chose English
 * never hears silence.
 */
public final class PromptCatalogue {

    /** Classpath location of the bundled 96010 catalogue. */
    public static final String BUNDLED = "io/yikou/ivr/prompts/prompts.yaml";

    private final Map<String, Prompt> prompts;

    /**
     * One prompt.
     *
     * @param id    prompt id, also the sound file name
     * @param texts text per language
     * @param note  instructions for the studio, or empty
     */
    public record Prompt(String id, Map<Language, String> texts, String note) {

        public Prompt {
            texts = Collections.unmodifiableMap(new EnumMap<>(texts));
        }

        public String text(Language language) {
            return texts.getOrDefault(language, "");
        }
    }

    private PromptCatalogue(Map<String, Prompt> prompts) {
        this.prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
    }

    /** The catalogue and the problems found while reading it. */
    public record Result(PromptCatalogue catalogue, List<FlowProblem> problems) {

        public boolean hasErrors() {
            return problems.stream().anyMatch(FlowProblem::isError);
        }
    }

    /**
     * Loads the bundled catalogue.
     *
     * @throws FlowValidationException if the bundled file is broken (a build mistake)
     */
    public static PromptCatalogue bundled() {
        try (InputStream in = PromptCatalogue.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the prompt catalogue " + BUNDLED + " is missing from the classpath");
            }
            Result result = parse("prompts.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (result.hasErrors()) {
                throw new FlowValidationException("the bundled prompt catalogue", result.problems());
            }
            return result.catalogue();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + BUNDLED, e);
        }
    }

    /** Parses a catalogue file; prompts with problems are left out and reported. */
    public static Result parse(String file, String text) {
        YamlReader.Result yaml = YamlReader.read(file, text);
        List<FlowProblem> problems = new ArrayList<>(yaml.problems());
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        if (yaml.root().isEmpty()) {
            return new Result(new PromptCatalogue(prompts), problems);
        }
        if (!(yaml.root().get() instanceof YamlNode.Mapping root)) {
            problems.add(FlowProblem.error("wrong-type", yaml.root().get().source(),
                    "a prompt catalogue must map prompt ids to their texts"));
            return new Result(new PromptCatalogue(prompts), problems);
        }
        for (YamlNode.Entry entry : root.entries().values()) {
            readPrompt(entry, problems).ifPresent(p -> prompts.put(p.id(), p));
        }
        for (String required : EnginePrompts.required()) {
            if (!prompts.containsKey(required)) {
                problems.add(FlowProblem.error("missing-prompt", SourceRef.unknown(file), "prompt '" + required
                        + "' is missing; the engine plays it to read numbers, ticket statuses or errors"));
            }
        }
        return new Result(new PromptCatalogue(prompts), problems);
    }

    private static Optional<Prompt> readPrompt(YamlNode.Entry entry, List<FlowProblem> problems) {
        String id = entry.key();
        if (!FlowParser.PROMPT_ID.matcher(id).matches()) {
            problems.add(FlowProblem.error("invalid-value", entry.keySource(),
                    "prompt id '" + id + "' is invalid: expected lower-case letters, digits, '-' and '.'"));
            return Optional.empty();
        }
        if (!(entry.value() instanceof YamlNode.Mapping mapping)) {
            problems.add(FlowProblem.error("wrong-type", entry.value().source(),
                    "prompt '" + id + "' must map zh-CN and en to texts"));
            return Optional.empty();
        }
        Map<Language, String> texts = new EnumMap<>(Language.class);
        String note = "";
        for (YamlNode.Entry field : mapping.entries().values()) {
            String value = field.value() instanceof YamlNode.Scalar s && !s.isNull() ? s.text().strip() : "";
            if (field.key().equals("note")) {
                note = value;
                continue;
            }
            Optional<Language> language = Language.parse(field.key()).filter(l -> l.tag().equals(field.key()));
            if (language.isEmpty()) {
                problems.add(FlowProblem.error("unknown-field", field.keySource(),
                        "prompt '" + id + "' has no field '" + field.key() + "'; use zh-CN, en and note"));
            } else if (value.isEmpty()) {
                problems.add(FlowProblem.error("missing-prompt", field.value().source(),
                        "prompt '" + id + "' has an empty " + field.key() + " text"));
            } else {
                texts.put(language.get(), value);
            }
        }
        for (Language language : Language.values()) {
            if (!texts.containsKey(language) && !mapping.has(language.tag())) {
                problems.add(FlowProblem.error("missing-prompt", entry.keySource(),
                        "prompt '" + id + "' has no " + language.tag() + " text; add one so every language can play it"));
            }
        }
        return texts.size() == Language.values().length ? Optional.of(new Prompt(id, texts, note)) : Optional.empty();
    }

    /** Tells whether the prompt exists with text in every language. */
    public boolean contains(String id) {
        return prompts.containsKey(id);
    }

    public Optional<Prompt> prompt(String id) {
        return Optional.ofNullable(prompts.get(id));
    }

    /** Returns the prompt's text, or empty when the id is unknown. */
    public Optional<String> text(String id, Language language) {
        return prompt(id).map(p -> p.text(language));
    }

    /** Prompt ids in file order. */
    public Set<String> ids() {
        return prompts.keySet();
    }

    public List<Prompt> prompts() {
        return List.copyOf(prompts.values());
    }
}
