package io.yikou.ivr.calendar;

import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.parse.YamlNode;
import io.yikou.ivr.parse.YamlReader;
import io.yikou.ivr.validate.FlowProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one year's holiday file and checks it against the rules a State Council notice follows.
 * Breaks do not overlap, and make-up working days fall on a Saturday or Sunday outside every break.
 * All dates lie within a year of the notice's year.
 */
public final class HolidayFileParser {

    private static final Set<String> YEAR_KEYS = Set.of("year", "source", "holidays");
    private static final Set<String> HOLIDAY_KEYS = Set.of("name", "name-en", "from", "to", "make-up-working-days");

    private HolidayFileParser() {
    }

    /** The year if the file could be read, and every problem found. */
    public record Result(Optional<HolidayYear> year, List<FlowProblem> problems) {

        public boolean hasErrors() {
            return problems.stream().anyMatch(FlowProblem::isError);
        }
    }

    /** Reads a holiday file from disk; an unreadable file is reported as a problem. */
    public static Result load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(Optional.empty(), List.of(FlowProblem.error("unreadable-file", SourceRef.unknown(file.toString()),
                    "cannot read the holiday file: " + e.getMessage())));
        }
    }

    public static Result parse(String file, String text) {
        YamlReader.Result yaml = YamlReader.read(file, text);
        List<FlowProblem> problems = new ArrayList<>(yaml.problems());
        if (yaml.root().isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        if (!(yaml.root().get() instanceof YamlNode.Mapping root)) {
            problems.add(FlowProblem.error("wrong-type", yaml.root().get().source(),
                    "a holiday file must be a mapping with year, source and holidays"));
            return new Result(Optional.empty(), problems);
        }

        // Header: year and source.
        unknownKeys(root, YEAR_KEYS, problems);
        Optional<Integer> year = scalar(root, "year", problems).flatMap(text1 -> {
            try {
                int value = Integer.parseInt(text1);
                if (value >= 2000 && value <= 2100) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(FlowProblem.error("invalid-value", root.get("year").get().source(),
                    "year '" + text1 + "' is invalid: expected a year from 2000 to 2100"));
            return Optional.empty();
        });
        String source = scalar(root, "source", problems).orElse("");

        // The breaks, each checked alone and then against the others.
        List<Holiday> holidays = new ArrayList<>();
        Optional<YamlNode> list = root.get("holidays");
        if (list.isEmpty() || !(list.get() instanceof YamlNode.Sequence seq)) {
            problems.add(FlowProblem.error("missing-field", root.source(), "the file needs a 'holidays' list"));
        } else if (year.isPresent()) {
            for (YamlNode item : seq.items()) {
                holiday(item, year.get(), problems).ifPresent(holidays::add);
            }
            crossCheck(holidays, seq.items(), problems);
        }
        if (year.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new HolidayYear(year.get(), source, holidays)), problems);
    }

    private static Optional<Holiday> holiday(YamlNode item, int year, List<FlowProblem> problems) {
        if (!(item instanceof YamlNode.Mapping m)) {
            problems.add(FlowProblem.error("wrong-type", item.source(), "each holiday must be a mapping with name, from and to"));
            return Optional.empty();
        }
        unknownKeys(m, HOLIDAY_KEYS, problems);
        Optional<String> name = scalar(m, "name", problems);
        String nameEn = m.get("name-en").filter(n -> n instanceof YamlNode.Scalar)
                .map(n -> ((YamlNode.Scalar) n).text().strip()).orElse(name.orElse(""));
        Optional<LocalDate> from = date(m, "from", year, problems);
        Optional<LocalDate> to = date(m, "to", year, problems);

        List<LocalDate> makeUp = new ArrayList<>();
        Optional<YamlNode> makeUpNode = m.get("make-up-working-days");
        if (makeUpNode.isPresent() && makeUpNode.get() instanceof YamlNode.Sequence seq) {
            for (YamlNode d : seq.items()) {
                dateValue(d, year, problems).ifPresent(date -> {
                    if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                        problems.add(FlowProblem.error("invalid-date", d.source(), "make-up working day " + date
                                + " is a " + date.getDayOfWeek() + "; make-up working days (调休上班) are Saturdays or Sundays"));
                    }
                    makeUp.add(date);
                });
            }
        } else if (makeUpNode.isPresent() && !(makeUpNode.get() instanceof YamlNode.Scalar s && s.isNull())) {
            problems.add(FlowProblem.error("wrong-type", makeUpNode.get().source(), "make-up-working-days must be a list of dates"));
        }

        if (name.isEmpty() || from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        if (to.get().isBefore(from.get())) {
            problems.add(FlowProblem.error("invalid-date", m.get("to").get().source(),
                    name.get() + " ends on " + to.get() + ", before it starts on " + from.get()));
            return Optional.empty();
        }
        return Optional.of(new Holiday(name.get(), nameEn, from.get(), to.get(), makeUp));
    }

    private static void crossCheck(List<Holiday> holidays, List<YamlNode> items, List<FlowProblem> problems) {
        for (int i = 0; i < holidays.size(); i++) {
            Holiday a = holidays.get(i);
            SourceRef at = i < items.size() ? items.get(i).source() : SourceRef.unknown("");
            for (int j = i + 1; j < holidays.size(); j++) {
                Holiday b = holidays.get(j);
                if (!a.to().isBefore(b.from()) && !b.to().isBefore(a.from())) {
                    problems.add(FlowProblem.error("overlapping-holidays", at, a.name() + " (" + a.from() + " to " + a.to()
                            + ") overlaps " + b.name() + " (" + b.from() + " to " + b.to() + ")"));
                }
            }
            for (Holiday other : holidays) {
                for (LocalDate d : other.makeUpWorkingDays()) {
                    if (a.contains(d)) {
                        problems.add(FlowProblem.error("invalid-date", at, "make-up working day " + d + " of "
                                + other.name() + " lies inside the break of " + a.name()));
                    }
                }
            }
        }
    }

    private static Optional<LocalDate> date(YamlNode.Mapping m, String key, int year, List<FlowProblem> problems) {
        Optional<YamlNode> node = m.get(key);
        if (node.isEmpty()) {
            problems.add(FlowProblem.error("missing-field", m.source(), "a holiday has no '" + key + "' date"));
            return Optional.empty();
        }
        return dateValue(node.get(), year, problems);
    }

    private static Optional<LocalDate> dateValue(YamlNode node, int year, List<FlowProblem> problems) {
        String text = node instanceof YamlNode.Scalar s ? s.text().strip() : "";
        try {
            LocalDate date = LocalDate.parse(text);
            if (Math.abs(date.getYear() - year) > 1) {
                problems.add(FlowProblem.error("invalid-date", node.source(), "date " + date
                        + " is more than a year away from the notice's year " + year));
                return Optional.empty();
            }
            return Optional.of(date);
        } catch (DateTimeParseException e) {
            problems.add(FlowProblem.error("invalid-date", node.source(),
                    "'" + text + "' is not a date: expected YYYY-MM-DD such as 2026-02-15"));
            return Optional.empty();
        }
    }

    private static Optional<String> scalar(YamlNode.Mapping m, String key, List<FlowProblem> problems) {
        Optional<YamlNode> node = m.get(key);
        if (node.isPresent() && node.get() instanceof YamlNode.Scalar s && !s.isNull() && !s.text().isBlank()) {
            return Optional.of(s.text().strip());
        }
        problems.add(FlowProblem.error("missing-field", node.map(YamlNode::source).orElse(m.source()),
                "'" + key + "' is missing or empty"));
        return Optional.empty();
    }

    private static void unknownKeys(YamlNode.Mapping m, Set<String> known, List<FlowProblem> problems) {
        for (YamlNode.Entry entry : m.entries().values()) {
            if (!known.contains(entry.key())) {
                problems.add(FlowProblem.error("unknown-field", entry.keySource(), "unknown field '" + entry.key()
                        + "'; known fields are " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }
}
