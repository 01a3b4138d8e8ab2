package io.yikou.ivr.cli;

import io.yikou.ivr.IvrOptions;
import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.library.FlowLibrary;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.FlowEngine;
import io.yikou.ivr.runtime.IvrResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yikou ivr simulate FLOW --digits ...}: walks a flow offline with a scripted caller and
 * simulated hotline services, printing every step. Exit code 0 unless the walk failed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Walk an IVR flow offline with scripted key presses and print every step.",
                "Example: yikou ivr simulate main-menu --digits 1,2,9601020261204000123# --at 2026-02-17T10:00"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "FLOW",
            description = "Flow name (bundled or in --flows-dir), or the path of a flow file.")
    String flow;

    @Option(names = {"-d", "--digits"}, paramLabel = "KEYS", defaultValue = "",
            description = {"What the caller does, in order: keys 0-9 * #, T for a timeout (silence at one wait),",
                    "H to hang up. Commas or spaces separate answers, e.g. 1,2,9601020261204000123#,0.",
                    "When the keys run out the caller stays silent (see --hang-up-at-end)."})
    String digits;

    @Option(names = "--caller", paramLabel = "NUMBER", defaultValue = "13800138000",
            description = "Caller number (default: ${DEFAULT-VALUE}).")
    String caller;

    @Option(names = "--dialled", paramLabel = "NUMBER", defaultValue = "96010",
            description = "Dialled number (default: ${DEFAULT-VALUE}).")
    String dialled;

    @Option(names = "--at", paramLabel = "DATE-TIME",
            description = "Local date and time of the call in --zone, e.g. 2026-02-17T10:00 (default: now).")
    LocalDateTime at;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai",
            description = "Time zone of --at and of the opening hours (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--elderly", description = "Treat the caller as a registered elderly citizen.")
    boolean elderly;

    @Option(names = "--elderly-file", paramLabel = "FILE",
            description = "Registered elderly numbers, one per line; the caller is checked against it.")
    Path elderlyFile;

    @Option(names = "--ticket-status", paramLabel = "CODE", defaultValue = "dispatched",
            description = "Status of every ticket looked up, such as closed; 'none' finds no ticket (default: ${DEFAULT-VALUE}).")
    String ticketStatus;

    @Option(names = "--ticket-detail", paramLabel = "TEXT",
            description = "Detail text returned with a found ticket, spoken only with --tts.")
    String ticketDetail;

    @Option(names = "--tts", description = "Simulate a channel with text-to-speech.")
    boolean tts;

    @Option(names = "--fail", paramLabel = "SERVICE", split = ",",
            description = "Make services fail: ticketStatus, voicemailToTicket, requestCallback, recordSurvey, isRegisteredElderly.")
    List<String> failing = new ArrayList<>();

    @Option(names = "--variable", paramLabel = "NAME=VALUE",
            description = "Channel variable set before the walk, e.g. YIKOU_TICKET=96010-20261204-000123.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--hang-up-at-end", description = "Hang up when the keys run out instead of staying silent.")
    boolean hangUpAtEnd;

    @Option(names = "--trace-language", paramLabel = "LANG", defaultValue = "zh-CN",
            description = "Language of the trace labels: zh-CN or en (default: ${DEFAULT-VALUE}).")
    String traceLanguage;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // Inputs: script, clock, catalogue, calendar, elderly numbers, flows.
        List<ScriptedCaller.Action> script;
        try {
            script = ScriptedCaller.parse(digits);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Clock clock = at == null ? Clock.system(zone) : Clock.fixed(at.atZone(zone).toInstant(), zone);
        Optional<PromptCatalogue> catalogue = common.catalogue(err);
        Optional<HolidayCalendar> calendar = common.calendar(err);
        if (catalogue.isEmpty() || calendar.isEmpty()) {
            return 2;
        }
        Optional<ElderlyNumbers> elderlyNumbers = elderlyNumbers(err);
        if (elderlyNumbers.isEmpty()) {
            return 2;
        }
        String flowName = flow;
        List<Path> extra = new ArrayList<>();
        if (flow.endsWith(".yaml") || flow.endsWith(".yml")) {
            extra.add(Path.of(flow));
            flowName = FlowParser.baseName(flow);
        }
        FlowLibrary.Loaded loaded = FlowLibrary.load(Optional.ofNullable(common.flowsDir), extra, catalogue.get());
        loaded.report().rejected().values().forEach(problems -> problems.forEach(err::println));
        FlowSet flows = loaded.library().current();
        if (flows.flow(flowName).isEmpty()) {
            err.println("Flow '" + flowName + "' is not loaded; loaded flows: " + String.join(", ", flows.names()));
            return 2;
        }

        // The walk.
        IvrOptions options = IvrOptions.builder().timeZone(zone).build();
        FlowEngine engine = new FlowEngine(flows, catalogue.get(), calendar.get(), elderlyNumbers.get(), clock,
                options.engineSettings());
        ScriptedCaller telephony = new ScriptedCaller(script, hangUpAtEnd, Duration.ofSeconds(15));
        variables.forEach(telephony::withVariable);
        if (tts) {
            telephony.withSpeech();
        }
        SimulatedServices services = new SimulatedServices(clock, zone).elderly(elderlyNumbers.get())
                .defaultStatus(ticketStatus.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(ticketStatus));
        if (ticketDetail != null) {
            services.detail(ticketDetail);
        }
        failing.forEach(services::failing);
        CallInfo call = new CallInfo("sim-" + clock.millis(), "Local/96010@simulator", caller, "", dialled,
                Optional.of("sim-contact"));
        Locale locale = traceLanguage.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;

        IvrResult result = engine.run(flowName, call, telephony, services, new TracePrinter(out, locale));
        if (telephony.remaining() > 0) {
            err.println("Note: " + telephony.remaining() + " scripted action(s) were not used.");
        }
        return result.outcome() == IvrResult.Outcome.FAILED ? 1 : 0;
    }

    private Optional<ElderlyNumbers> elderlyNumbers(PrintWriter err) {
        List<String> registered = elderly ? List.of(caller) : List.of();
        if (elderlyFile == null) {
            return Optional.of(ElderlyNumbers.of(registered));
        }
        try {
            ElderlyNumbers.Result loaded = ElderlyNumbers.load(elderlyFile);
            loaded.problems().forEach(err::println);
            return Optional.of(loaded.numbers().plus(registered));
        } catch (IOException e) {
            err.println(elderlyFile + ": error [unreadable-file] cannot read the file: " + e.getMessage());
            return Optional.empty();
        }
    }
}
