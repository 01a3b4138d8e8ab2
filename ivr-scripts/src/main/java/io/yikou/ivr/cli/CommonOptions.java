package io.yikou.ivr.cli;

import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.calendar.HolidayFileParser;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.validate.FlowProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options both {@code ivr} commands take: where flows, prompts and holiday files are. */
final class CommonOptions {

    @Option(names = "--flows-dir", paramLabel = "DIR",
            description = "Directory of *.yaml flows that add to or replace the bundled 96010 flows.")
    Path flowsDir;

    @Option(names = "--prompts", paramLabel = "FILE",
            description = "Prompt catalogue to use instead of the bundled one.")
    Path promptsFile;

    @Option(names = "--holidays", paramLabel = "FILE", split = ",",
            description = "Holiday files (cn-<year>.yaml format) that add or replace years of the calendar.")
    List<Path> holidayFiles = new ArrayList<>();

    /** Loads the catalogue, printing its problems; empty when it has errors. */
    Optional<PromptCatalogue> catalogue(PrintWriter err) {
        if (promptsFile == null) {
            return Optional.of(PromptCatalogue.bundled());
        }
        try {
            PromptCatalogue.Result result = PromptCatalogue.parse(promptsFile.toString(),
                    Files.readString(promptsFile, StandardCharsets.UTF_8));
            result.problems().forEach(err::println);
            return result.hasErrors() ? Optional.empty() : Optional.of(result.catalogue());
        } catch (IOException e) {
            err.println(promptsFile + ": error [unreadable-file] cannot read the file: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Loads the calendar with the holiday files, printing their problems; empty when one has errors. */
    Optional<HolidayCalendar> calendar(PrintWriter err) {
        HolidayCalendar calendar = HolidayCalendar.bundled();
        List<FlowProblem> problems = new ArrayList<>();
        List<io.yikou.ivr.calendar.HolidayYear> years = new ArrayList<>();
        for (Path file : holidayFiles) {
            HolidayFileParser.Result result = HolidayFileParser.load(file);
            problems.addAll(result.problems());
            result.year().ifPresent(years::add);
        }
        problems.forEach(err::println);
        if (problems.stream().anyMatch(FlowProblem::isError)) {
            return Optional.empty();
        }
        return Optional.of(calendar.withYears(years));
    }
}
