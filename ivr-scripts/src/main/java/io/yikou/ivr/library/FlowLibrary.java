package io.yikou.ivr.library;

import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.FlowValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active flows: the bundled 96010 flows, plus or replaced by the {@code *.yaml} files of a
 * flows directory. {@link #reload()} re-reads the files and activates each new version only when
 * the whole set still validates; a version with errors is rejected and the previous valid version
 * of that flow stays active. {@link #current()} is safe to call from any thread; reloads are serialised.
 */
public final class FlowLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(FlowLibrary.class);

    /** The 96010 flows shipped in {@code io/yikou/ivr/flows/}. */
    public static final List<String> BUNDLED_FLOWS = List.of("main-menu", "after-hours", "ticket-lookup",
            "leave-message", "survey");
    private static final int MAX_FILES = 500;

    private final Optional<Path> flowsDir;
    private final List<Path> extraFiles;
    private volatile PromptCatalogue catalogue;
    private volatile FlowSet current = FlowSet.EMPTY;
    /** Source text of each active flow, to tell a changed file from an unchanged one. */
    private Map<String, String> activeTexts = Map.of();

    /** A flow file's origin and text. */
    public record Source(String file, String text) {
    }

    private record Candidate(Flow flow, String text) {
    }

    private FlowLibrary(Optional<Path> flowsDir, List<Path> extraFiles, PromptCatalogue catalogue) {
        this.flowsDir = Objects.requireNonNull(flowsDir, "flowsDir");
        this.extraFiles = List.copyOf(extraFiles);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /** Creates a library of the bundled flows and a flows directory, and loads it once. */
    public static Loaded load(Optional<Path> flowsDir, PromptCatalogue catalogue) {
        return load(flowsDir, List.of(), catalogue);
    }

    /**
     * Creates a library and loads it once. Sources are read in order: bundled flows, the flows
     * directory, then {@code extraFiles}; a later file replaces an earlier flow of the same name.
     */
    public static Loaded load(Optional<Path> flowsDir, List<Path> extraFiles, PromptCatalogue catalogue) {
        FlowLibrary library = new FlowLibrary(flowsDir, extraFiles, catalogue);
        return new Loaded(library, library.reload());
    }

    /** A library and the report of its first load. */
    public record Loaded(FlowLibrary library, ReloadReport report) {
    }

    /** Returns the active flows; a walk keeps the set it started with even if a reload happens meanwhile. */
    public FlowSet current() {
        return current;
    }

    /** Replaces the catalogue flows are checked against; takes effect at the next reload. */
    public void catalogue(PromptCatalogue replacement) {
        this.catalogue = Objects.requireNonNull(replacement, "catalogue");
    }

    /** Re-reads every flow file and activates the new versions that validate; see the class comment. */
    public synchronized ReloadReport reload() {
        Map<String, List<FlowProblem>> rejected = new TreeMap<>();
        List<FlowProblem> warnings = new ArrayList<>();

        // Parse every source; later sources (the directory) replace earlier ones (bundled) by name.
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Source source : sources(rejected)) {
            FlowParser.Result parsed = FlowParser.parse(source.file(), source.text());
            String name = parsed.flow().map(Flow::name).orElse(FlowParser.baseName(source.file()));
            parsed.problems().stream().filter(p -> !p.isError()).forEach(warnings::add);
            if (parsed.hasErrors() || parsed.flow().isEmpty()) {
                rejected.put(name, parsed.problems().stream().filter(FlowProblem::isError).toList());
                candidates.remove(name);
                continue;
            }
            candidates.put(name, new Candidate(parsed.flow().get(), source.text()));
        }

        // Start from the new versions; keep the previous version of any flow whose file failed to parse.
        Map<String, Flow> set = new TreeMap<>();
        Map<String, String> texts = new HashMap<>();
        candidates.forEach((name, c) -> {
            set.put(name, c.flow());
            texts.put(name, c.text());
        });
        for (String name : rejected.keySet()) {
            current.flow(name).ifPresent(previous -> {
                set.put(name, previous);
                texts.put(name, activeTexts.get(name));
            });
        }
        settle(set, texts, rejected, warnings);

        // Publish.
        List<String> changed = set.keySet().stream()
                .filter(name -> !Objects.equals(texts.get(name), activeTexts.get(name))).toList();
        current = new FlowSet(set);
        activeTexts = Map.copyOf(texts);
        ReloadReport report = new ReloadReport(new ArrayList<>(set.keySet()), changed, rejected, warnings);
        log(report);
        return report;
    }

    /**
     * Validates the set and undoes changes until it validates. A new version with errors goes back
     * to its previous version, or out if it had none. A removed flow that others still use comes
     * back. An old version that still fails is taken out.
     */
    private void settle(Map<String, Flow> set, Map<String, String> texts, Map<String, List<FlowProblem>> rejected,
                        List<FlowProblem> warnings) {
        FlowValidator validator = new FlowValidator(catalogue);
        for (int round = 0; round <= set.size() + current.names().size(); round++) {
            List<FlowProblem> problems = validator.validate(new FlowSet(set));
            Map<String, List<FlowProblem>> errors = errorsByFlow(set, problems);
            if (errors.isEmpty()) {
                problems.stream().filter(p -> !p.isError()).forEach(warnings::add);
                return;
            }
            boolean restoredRemoved = restoreRemovedFlows(set, texts, problems, rejected);
            for (Map.Entry<String, List<FlowProblem>> e : errors.entrySet()) {
                String name = e.getKey();
                boolean isNewVersion = !Objects.equals(texts.get(name), activeTexts.get(name));
                if (isNewVersion || !restoredRemoved) {
                    rejected.computeIfAbsent(name, k -> new ArrayList<>());
                    rejected.put(name, merge(rejected.get(name), e.getValue()));
                    Optional<Flow> previous = isNewVersion ? current.flow(name) : Optional.empty();
                    if (previous.isPresent()) {
                        set.put(name, previous.get());
                        texts.put(name, activeTexts.get(name));
                    } else {
                        set.remove(name);
                        texts.remove(name);
                    }
                }
            }
        }
    }

    /** Puts back previously active flows that a problem names as missing; returns whether any came back. */
    private boolean restoreRemovedFlows(Map<String, Flow> set, Map<String, String> texts, List<FlowProblem> problems,
                                        Map<String, List<FlowProblem>> rejected) {
        boolean restored = false;
        for (String name : current.names()) {
            if (set.containsKey(name)) {
                continue;
            }
            boolean stillUsed = problems.stream().anyMatch(p -> p.code().equals("unknown-flow")
                    && p.message().contains("flow '" + name + "'"));
            if (stillUsed) {
                set.put(name, current.flow(name).orElseThrow());
                texts.put(name, activeTexts.get(name));
                rejected.put(name, List.of(FlowProblem.error("flow-still-used", SourceRef.unknown(name + ".yaml"),
                        "flow '" + name + "' was removed but other flows still use it; its previous version stays active")));
                restored = true;
            }
        }
        return restored;
    }

    private static Map<String, List<FlowProblem>> errorsByFlow(Map<String, Flow> set, List<FlowProblem> problems) {
        Map<String, String> nameByFile = new HashMap<>();
        set.forEach((name, flow) -> nameByFile.put(flow.file(), name));
        Map<String, List<FlowProblem>> errors = new TreeMap<>();
        for (FlowProblem p : problems) {
            String name = nameByFile.get(p.source().file());
            if (p.isError() && name != null) {
                errors.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
            }
        }
        return errors;
    }

    private static List<FlowProblem> merge(List<FlowProblem> a, List<FlowProblem> b) {
        Set<FlowProblem> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private List<Source> sources(Map<String, List<FlowProblem>> rejected) {
        List<Source> sources = new ArrayList<>(bundledSources());
        flowsDir.ifPresent(dir -> sources.addAll(directorySources(dir, rejected)));
        for (Path file : extraFiles) {
            read(file, rejected).ifPresent(sources::add);
        }
        return sources;
    }

    private static Optional<Source> read(Path file, Map<String, List<FlowProblem>> rejected) {
        try {
            return Optional.of(new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | UncheckedIOException e) {
            rejected.put(FlowParser.baseName(file.toString()), List.of(FlowProblem.error("unreadable-file",
                    SourceRef.unknown(file.toString()), "cannot read the file: " + e.getMessage())));
            return Optional.empty();
        }
    }

    private static List<Source> directorySources(Path dir, Map<String, List<FlowProblem>> rejected) {
        List<Source> sources = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            rejected.put(dir.toString(), List.of(FlowProblem.error("unreadable-file",
                    SourceRef.unknown(dir.toString()), "the flows directory does not exist")));
            return sources;
        }
        Set<String> seenNames = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(Files::isRegularFile).sorted().limit(MAX_FILES).toList();
            for (Path file : yaml) {
                String name = FlowParser.baseName(file.toString());
                if (!seenNames.add(name)) {
                    rejected.put(file.toString(), List.of(FlowProblem.error("duplicate-flow",
                            SourceRef.unknown(file.toString()),
                            "another file in the directory already defines flow '" + name + "'")));
                    continue;
                }
                read(file, rejected).ifPresent(sources::add);
            }
        } catch (IOException e) {
            rejected.put(dir.toString(), List.of(FlowProblem.error("unreadable-file",
                    SourceRef.unknown(dir.toString()), "cannot list the flows directory: " + e.getMessage())));
        }
        return sources;
    }

    /** Returns the bundled 96010 flows as sources, named {@code <flow>.yaml}. */
    public static List<Source> bundledSources() {
        List<Source> sources = new ArrayList<>();
        for (String name : BUNDLED_FLOWS) {
            String resource = "io/yikou/ivr/flows/" + name + ".yaml";
            try (InputStream in = FlowLibrary.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("bundled flow " + resource + " is missing from the classpath");
                }
                sources.add(new Source(name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("failed to read " + resource, e);
            }
        }
        return sources;
    }

    private static void log(ReloadReport report) {
        if (!report.changed().isEmpty()) {
            LOG.info("IVR flows active: {}; new versions: {}", report.active(), report.changed());
        }
        report.rejected().forEach((name, problems) -> LOG.error(
                "IVR flow '{}' rejected; its previous version, if any, stays active:\n{}", name,
                String.join("\n", problems.stream().map(FlowProblem::toString).toList())));
        report.warnings().forEach(w -> LOG.warn("IVR flow warning: {}", w));
    }
}
