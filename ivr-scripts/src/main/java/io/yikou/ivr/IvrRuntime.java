package io.yikou.ivr;

import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.calendar.HolidayFileParser;
import io.yikou.ivr.calendar.HolidayYear;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.library.FlowLibrary;
import io.yikou.ivr.library.ReloadReport;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.FlowEngine;
import io.yikou.ivr.runtime.HotlineServices;
import io.yikou.ivr.runtime.IvrResult;
import io.yikou.ivr.runtime.Telephony;
import io.yikou.ivr.runtime.WalkListener;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.FlowValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR as the voice channel uses it: loads the prompt catalogue, holiday calendar, elderly
 * numbers and flows from {@link IvrOptions}, runs flows for calls, and reloads on request.
 *
 * <p>Thread-safe. {@link #run} may be called from many FastAGI threads at once; each call walks
 * the flows that were active when it started. {@link #reload()} swaps in new versions that
 * validate and keeps the previous ones otherwise.
 */
public final class IvrRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(IvrRuntime.class);

    private final IvrOptions options;
    private final Clock clock;
    private final FlowLibrary library;
    private volatile FlowEngine engine;
    private volatile ReloadReport lastReport;

    private IvrRuntime(IvrOptions options, Clock clock, FlowLibrary library, FlowEngine engine, ReloadReport report) {
        this.options = options;
        this.clock = clock;
        this.library = library;
        this.engine = engine;
        this.lastReport = report;
    }

    /**
     * Loads everything the options name. Flows that fail validation are left out and reported in
     * {@link #lastReport()}; the other files must be valid.
     *
     * @throws FlowValidationException when the prompt catalogue, a holiday file or the elderly list
     *                                 is missing or invalid, with every problem listed
     */
    public static IvrRuntime start(IvrOptions options, Clock clock) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        PromptCatalogue catalogue = loadCatalogue(options);
        HolidayCalendar calendar = loadCalendar(options);
        ElderlyNumbers elderly = loadElderly(options);
        FlowLibrary.Loaded loaded = FlowLibrary.load(options.flowsDir(), catalogue);
        FlowEngine engine = new FlowEngine(loaded.library().current(), catalogue, calendar, elderly, clock,
                options.engineSettings());
        LOG.info("IVR runtime started: flows {}, holiday years {}, {} registered elderly numbers",
                engine.flows().names(), calendar.years(), elderly.size());
        return new IvrRuntime(options, clock, loaded.library(), engine, loaded.report());
    }

    /** Walks {@code flow} for one call on the calling thread; see {@link FlowEngine#run}. */
    public IvrResult run(String flow, CallInfo call, Telephony telephony, HotlineServices services) {
        return engine.run(flow, call, telephony, services, WalkListener.NONE);
    }

    /** Walks {@code flow} for one call, reporting each step to {@code listener}. */
    public IvrResult run(String flow, CallInfo call, Telephony telephony, HotlineServices services,
                         WalkListener listener) {
        return engine.run(flow, call, telephony, services, listener);
    }

    public boolean hasFlow(String name) {
        return engine.flows().flow(name).isPresent();
    }

    public Set<String> flowNames() {
        return engine.flows().names();
    }

    /** Returns the engine of the active versions. */
    public FlowEngine engine() {
        return engine;
    }

    /** Returns the report of the first load or the latest reload. */
    public ReloadReport lastReport() {
        return lastReport;
    }

    /**
     * Re-reads the catalogue, holiday files, elderly list and flows. A catalogue, holiday file or
     * elderly list with problems keeps its previous version; flows follow {@link FlowLibrary#reload()}.
     * Calls already running finish on the versions they started with.
     */
    public synchronized ReloadReport reload() {
        FlowEngine before = engine;
        Map<String, List<FlowProblem>> failedReloads = new TreeMap<>();
        PromptCatalogue catalogue = attempt("prompts", () -> loadCatalogue(options), before.prompts(), failedReloads);
        HolidayCalendar calendar = attempt("holidays", () -> loadCalendar(options), before.calendar(), failedReloads);
        ElderlyNumbers elderly = attempt("elderly-numbers", () -> loadElderly(options), before.elderlyNumbers(), failedReloads);
        library.catalogue(catalogue);
        ReloadReport flows = library.reload();
        FlowSet set = library.current();
        engine = new FlowEngine(set, catalogue, calendar, elderly, clock, options.engineSettings());
        Map<String, List<FlowProblem>> rejected = new TreeMap<>(flows.rejected());
        rejected.putAll(failedReloads);
        lastReport = new ReloadReport(flows.active(), flows.changed(), rejected, flows.warnings());
        return lastReport;
    }

    private interface Loader<T> {
        T load();
    }

    private static <T> T attempt(String part, Loader<T> loader, T previous, Map<String, List<FlowProblem>> failures) {
        try {
            return loader.load();
        } catch (FlowValidationException e) {
            LOG.error("Reloading the IVR {} failed; the previous version stays active:\n{}", part, e.getMessage());
            failures.put(part, e.problems());
            return previous;
        }
    }

    private static PromptCatalogue loadCatalogue(IvrOptions options) {
        if (options.promptsFile().isEmpty()) {
            return PromptCatalogue.bundled();
        }
        Path file = options.promptsFile().get();
        PromptCatalogue.Result result = PromptCatalogue.parse(file.toString(), read(file));
        if (result.hasErrors()) {
            throw new FlowValidationException("prompt catalogue " + file, result.problems());
        }
        return result.catalogue();
    }

    private static HolidayCalendar loadCalendar(IvrOptions options) {
        HolidayCalendar calendar = HolidayCalendar.bundled();
        List<HolidayYear> years = new ArrayList<>();
        List<FlowProblem> problems = new ArrayList<>();
        for (Path file : options.holidayFiles()) {
            HolidayFileParser.Result result = HolidayFileParser.load(file);
            problems.addAll(result.problems());
            if (!result.hasErrors()) {
                result.year().ifPresent(years::add);
            }
        }
        if (problems.stream().anyMatch(FlowProblem::isError)) {
            throw new FlowValidationException("holiday files " + options.holidayFiles(), problems);
        }
        return calendar.withYears(years);
    }

    private static ElderlyNumbers loadElderly(IvrOptions options) {
        if (options.elderlyNumbersFile().isEmpty()) {
            return ElderlyNumbers.EMPTY;
        }
        Path file = options.elderlyNumbersFile().get();
        try {
            ElderlyNumbers.Result result = ElderlyNumbers.load(file);
            result.problems().forEach(p -> LOG.warn("Elderly number list: {}", p));
            return result.numbers();
        } catch (IOException e) {
            throw new FlowValidationException("elderly number list " + file, List.of(FlowProblem.error(
                    "unreadable-file", SourceRef.unknown(file.toString()), "cannot read the file: " + e.getMessage())));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FlowValidationException("file " + file, List.of(FlowProblem.error("unreadable-file",
                    SourceRef.unknown(file.toString()), "cannot read the file: " + e.getMessage())));
        }
    }
}
