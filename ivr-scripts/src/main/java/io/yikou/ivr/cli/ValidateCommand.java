package io.yikou.ivr.cli;

import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.library.FlowLibrary;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.FlowValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yikou ivr validate [FILES]}: parses and validates flow files together with the bundled
 * flows (and {@code --flows-dir}), printing every problem with file and line. Exit code 0 when
 * there is no error, 1 otherwise, 2 when an input could not be read.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check IVR flows and print every problem as file:line:column.",
                "Without FILES, checks the bundled 96010 flows and --flows-dir."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "0..*", paramLabel = "FILES",
            description = "Flow files to check; each replaces the bundled flow of the same name.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PromptCatalogue> catalogue = common.catalogue(out);
        boolean calendarOk = common.calendar(out).isPresent();
        if (catalogue.isEmpty()) {
            return 1;
        }

        // Parse every source; later ones replace earlier flows of the same name.
        Map<String, FlowLibrary.Source> sources = new LinkedHashMap<>();
        FlowLibrary.bundledSources().forEach(s -> sources.put(FlowParser.baseName(s.file()), s));
        List<Path> paths = new ArrayList<>();
        if (common.flowsDir != null) {
            try (Stream<Path> listed = Files.list(common.flowsDir)) {
                listed.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .forEach(paths::add);
            } catch (IOException e) {
                err.println(common.flowsDir + ": error [unreadable-file] cannot list the directory: " + e.getMessage());
                return 2;
            }
        }
        paths.addAll(files);
        for (Path path : paths) {
            try {
                sources.put(FlowParser.baseName(path.toString()),
                        new FlowLibrary.Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                err.println(path + ": error [unreadable-file] cannot read the file: " + e.getMessage());
                return 2;
            }
        }
        List<FlowProblem> problems = new ArrayList<>();
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (FlowLibrary.Source source : sources.values()) {
            FlowParser.Result parsed = FlowParser.parse(source.file(), source.text());
            problems.addAll(parsed.problems());
            parsed.flow().ifPresent(f -> flows.put(f.name(), f));
        }
        problems.addAll(new FlowValidator(catalogue.get()).validate(new FlowSet(flows)));

        // Report.
        problems.forEach(out::println);
        long errors = problems.stream().filter(FlowProblem::isError).count();
        long warnings = problems.size() - errors;
        out.println(sources.size() + " flows checked: " + errors + " errors, " + warnings + " warnings");
        return errors == 0 && calendarOk ? 0 : 1;
    }
}
