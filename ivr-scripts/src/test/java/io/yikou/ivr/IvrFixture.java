package io.yikou.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.library.FlowLibrary;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.FlowEngine;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared set-up for IVR tests: the bundled catalogue, calendar and flows, fixed clocks, calls. */
public final class IvrFixture {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final PromptCatalogue PROMPTS = PromptCatalogue.bundled();
    public static final HolidayCalendar CALENDAR = HolidayCalendar.bundled();
    public static final String CALLER = "13800138000";

    private IvrFixture() {
    }

    public static FlowSet shippedFlows() {
        FlowLibrary.Loaded loaded = FlowLibrary.load(Optional.empty(), PROMPTS);
        assertThat(loaded.report().rejected()).as("rejected bundled flows").isEmpty();
        return loaded.library().current();
    }

    /** Returns a clock fixed at a Beijing local time such as {@code 2026-12-04T10:00}. */
    public static Clock at(String localDateTime) {
        return Clock.fixed(LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant(), SHANGHAI);
    }

    public static FlowEngine engine(FlowSet flows, Clock clock, ElderlyNumbers elderly) {
        return new FlowEngine(flows, PROMPTS, CALENDAR, elderly, clock, IvrOptions.defaults().engineSettings());
    }

    public static FlowEngine engine(FlowSet flows, Clock clock) {
        return engine(flows, clock, ElderlyNumbers.EMPTY);
    }

    public static CallInfo call(String caller) {
        return new CallInfo("1796416099.1", "PJSIP/trunk96010-00000001", caller, "张三", "96010", Optional.of("c-42"));
    }

    /** Parses flow texts (file name = flow name + .yaml), failing the test on parse errors. */
    public static FlowSet flows(String... yamlTexts) {
        Map<String, Flow> flows = new HashMap<>();
        for (String text : yamlTexts) {
            String name = text.lines().filter(l -> l.startsWith("flow:")).findFirst()
                    .map(l -> l.substring(5).strip()).orElse("test");
            FlowParser.Result result = FlowParser.parse(name + ".yaml", text);
            assertThat(result.problems().stream().filter(p -> p.isError()).toList()).as("parse errors").isEmpty();
            flows.put(name, result.flow().orElseThrow());
        }
        return new FlowSet(flows);
    }

    public static List<String> promptIds(List<String> commands) {
        return commands.stream().filter(c -> c.startsWith("STREAM FILE "))
                .map(c -> c.substring("STREAM FILE ".length(), c.indexOf(' ', "STREAM FILE ".length())))
                .map(f -> f.substring(f.lastIndexOf('/') + 1)).toList();
    }
}
