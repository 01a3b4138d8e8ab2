package io.yikou.ivr.runtime;

import static io.yikou.ivr.IvrFixture.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.cli.ScriptedCaller;
import io.yikou.ivr.cli.SimulatedServices;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.runtime.IvrResult.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks the shipped 96010 flows with scripted callers: digits in, path, queue, priority and variables out. */
class ShippedFlowsWalkTest {

    private static final FlowSet FLOWS = IvrFixture.shippedFlows();
    private static final String ELDERLY_CALLER = "13911112222";
    /** Friday 4 December 2026, a working day. */
    private static final String FRIDAY_MORNING = "2026-12-04T10:00";

    record Case(String name, String flow, String at, String caller, String digits, Outcome outcome, String queue,
                int priority, String language, boolean elderly, String lastNode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("silent caller reaches an agent", "main-menu", FRIDAY_MORNING, CALLER, "",
                        Outcome.TRANSFER, "hotline", 0, "zh-CN", false, "main-menu/agent-zh"),
                new Case("mandarin report goes to hotline", "main-menu", FRIDAY_MORNING, CALLER, "1,1",
                        Outcome.TRANSFER, "hotline", 0, "zh-CN", false, "main-menu/agent-zh"),
                new Case("english caller goes to hotline-en", "main-menu", FRIDAY_MORNING, CALLER, "2,0",
                        Outcome.TRANSFER, "hotline-en", 0, "en", false, "main-menu/agent-en"),
                new Case("key 9 turns on elderly mode", "main-menu", FRIDAY_MORNING, CALLER, "1,9,0",
                        Outcome.TRANSFER, "hotline", 10, "zh-CN", true, "main-menu/agent-zh"),
                new Case("registered elderly skip language menu", "main-menu", FRIDAY_MORNING, ELDERLY_CALLER, "0",
                        Outcome.TRANSFER, "hotline", 10, "zh-CN", true, "main-menu/agent-zh"),
                new Case("star repeats the main menu", "main-menu", FRIDAY_MORNING, CALLER, "1,*,0",
                        Outcome.TRANSFER, "hotline", 0, "zh-CN", false, "main-menu/agent-zh"),
                new Case("key typed during welcome selects language", "main-menu", FRIDAY_MORNING, CALLER, "2,1",
                        Outcome.TRANSFER, "hotline-en", 0, "en", false, "main-menu/agent-en"),
                new Case("late evening goes to after-hours", "main-menu", "2026-12-04T22:00", CALLER, "",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "after-hours/goodbye"),
                new Case("make-up Sunday keeps working hours", "main-menu", "2026-01-04T19:00", CALLER, "1,0",
                        Outcome.TRANSFER, "hotline", 0, "zh-CN", false, "main-menu/agent-zh"),
                new Case("ordinary Sunday evening is closed", "main-menu", "2026-01-11T19:00", CALLER, "",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "after-hours/goodbye"),
                new Case("spring festival evening greets holiday", "main-menu", "2026-02-17T18:00", CALLER, "0",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "after-hours/emergency"),
                new Case("ticket lookup then agent", "main-menu", FRIDAY_MORNING, CALLER,
                        "1,2,9601020261204000123#,0,T,T,T", Outcome.TRANSFER, "hotline", 0, "zh-CN", false,
                        "main-menu/agent-zh"),
                new Case("voicemail ends with goodbye", "main-menu", FRIDAY_MORNING, CALLER, "1,4#",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "main-menu/goodbye"),
                new Case("hang-up after a message", "main-menu", FRIDAY_MORNING, CALLER, "1,4H",
                        Outcome.CALLER_HUNG_UP, null, 0, "zh-CN", false, "leave-message/record"),
                new Case("callback keeps place", "main-menu", FRIDAY_MORNING, CALLER, "1,5",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "main-menu/goodbye"),
                new Case("after-hours message", "after-hours", "2026-12-04T22:00", CALLER, "1#",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "after-hours/goodbye"),
                new Case("survey satisfied", "survey", FRIDAY_MORNING, CALLER, "1",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "survey/thanks"),
                new Case("survey invalid then dissatisfied", "survey", FRIDAY_MORNING, CALLER, "7,3",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "survey/thanks"),
                new Case("survey without answer", "survey", FRIDAY_MORNING, CALLER, "",
                        Outcome.HANGUP, null, 0, "zh-CN", false, "survey/goodbye"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void walk(Case c) {
        Clock clock = IvrFixture.at(c.at());
        FlowEngine engine = IvrFixture.engine(FLOWS, clock, ElderlyNumbers.of(List.of(ELDERLY_CALLER)));
        ScriptedCaller caller = ScriptedCaller.of(c.digits()).withVariable("YIKOU_TICKET", "96010-20261204-000007");
        SimulatedServices services = new SimulatedServices(clock, IvrFixture.SHANGHAI);

        IvrResult result = engine.run(c.flow(), IvrFixture.call(c.caller()), caller, services);

        assertThat(result.outcome()).as("outcome, error %s", result.error()).isEqualTo(c.outcome());
        assertThat(result.queue().orElse(null)).as("queue").isEqualTo(c.queue());
        assertThat(result.priority()).as("priority").isEqualTo(c.priority());
        assertThat(result.language().tag()).as("language").isEqualTo(c.language());
        assertThat(result.elderly()).as("elderly").isEqualTo(c.elderly());
        assertThat(result.path()).as("path").last().isEqualTo(c.lastNode());
        assertThat(caller.remaining()).as("unused script actions").isZero();
    }

    @Test
    void transferSetsDialplanVariables() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        ScriptedCaller caller = ScriptedCaller.of("1,1");

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER), caller,
                new SimulatedServices(clock, IvrFixture.SHANGHAI));

        assertThat(caller.variables()).containsEntry("YIKOU_TOPIC", "report")
                .containsEntry("YIKOU_OUTCOME", "transfer")
                .containsEntry("YIKOU_QUEUE", "hotline")
                .containsEntry("QUEUE_PRIO", "0")
                .containsEntry("YIKOU_LANGUAGE", "zh-CN")
                .containsEntry("YIKOU_ELDERLY", "0")
                .containsEntry("YIKOU_CONTACT_ID", "c-42")
                .containsEntry("YIKOU_IVR_CHOICES", "main-menu/language=1,main-menu/main=1");
        assertThat(caller.variables().get("YIKOU_IVR_PATH"))
                .isEqualTo("main-menu/welcome>main-menu/check-elderly>main-menu/hours>main-menu/choose-language"
                        + ">main-menu/language>main-menu/main>main-menu/agent>main-menu/agent-zh");
        assertThat(result.channelVariables()).isEqualTo(Map.copyOf(result.channelVariables()))
                .containsEntry("YIKOU_QUEUE", "hotline");
    }

    @Test
    void elderlyCallerHearsSlowPrompts() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        ScriptedCaller caller = ScriptedCaller.of("T,0");

        IvrFixture.engine(FLOWS, clock, ElderlyNumbers.of(List.of(ELDERLY_CALLER)))
                .run("main-menu", IvrFixture.call(ELDERLY_CALLER), caller, new SimulatedServices(clock, IvrFixture.SHANGHAI));

        assertThat(caller.commands()).contains("STREAM FILE yikou/zh-CN/slow/elderly-welcome \"\"");
        assertThat(caller.commands()).contains("STREAM FILE yikou/zh-CN/slow/main-menu \"0123456789*#\"");
        assertThat(caller.commands()).doesNotContain("STREAM FILE yikou/zh-CN/slow/language-menu \"0123456789*#\"");
        assertThat(caller.variables()).containsEntry("QUEUE_PRIO", "10").containsEntry("YIKOU_ELDERLY", "1");
    }

    @Test
    void elderlyTimeoutIsLonger() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        ScriptedCaller caller = ScriptedCaller.of("T,0");

        IvrFixture.engine(FLOWS, clock, ElderlyNumbers.of(List.of(ELDERLY_CALLER)))
                .run("main-menu", IvrFixture.call(ELDERLY_CALLER), caller, new SimulatedServices(clock, IvrFixture.SHANGHAI));

        assertThat(caller.commands()).contains("WAIT FOR DIGIT 9000");
    }

    @Test
    void ticketLookupReadsNumberAndStatus() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        ScriptedCaller caller = ScriptedCaller.of("1,2,9601020261204000123#,0,0");

        IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER), caller,
                new SimulatedServices(clock, IvrFixture.SHANGHAI));

        List<String> prompts = IvrFixture.promptIds(caller.commands());
        int intro = prompts.indexOf("ticket-status-intro");
        assertThat(intro).isPositive();
        assertThat(prompts.subList(intro + 1, intro + 21)).containsExactly("digit-9", "digit-6", "digit-0", "digit-1",
                "digit-0", "digit-2", "digit-0", "digit-2", "digit-6", "digit-1", "digit-2", "digit-0", "digit-4",
                "digit-0", "digit-0", "digit-0", "digit-1", "digit-2", "digit-3", "ticket-status-dispatched");
    }

    @Test
    void ticketNumberWithoutPrefixIsAccepted() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        SimulatedServices services = new SimulatedServices(clock, IvrFixture.SHANGHAI)
                .defaultStatus(java.util.Optional.empty()).ticket("96010-20261204-000123", "closed");
        ScriptedCaller caller = ScriptedCaller.of("1,2,20261204000123#,0,0");

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER), caller, services);

        assertThat(IvrFixture.promptIds(caller.commands())).contains("ticket-status-closed");
        assertThat(result.choices()).extracting(IvrChoice::input).contains("20261204000123");
    }

    @Test
    void voicemailBecomesTicketAfterHangUp() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        SimulatedServices services = new SimulatedServices(clock, IvrFixture.SHANGHAI);

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER),
                ScriptedCaller.of("1,4H"), services);

        assertThat(result.voicemailTicket()).hasValue("96010-20261204-900001");
        assertThat(services.voicemails()).hasSize(1);
        assertThat(services.voicemails().get(0).callerHungUp()).isTrue();
        assertThat(services.voicemails().get(0).recordingFile())
                .isEqualTo("/var/spool/asterisk/yikou-voicemail/1796416099.1-" + clock.millis() + ".wav");
        assertThat(result.channelVariables()).isEmpty();
    }

    @Test
    void callbackReadsPositionBack() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        SimulatedServices services = new SimulatedServices(clock, IvrFixture.SHANGHAI).callbackPosition(12);
        ScriptedCaller caller = ScriptedCaller.of("1,5").withVariable("YIKOU_QUEUE_JOINED", "1796400000")
                .withVariable("QUEUEPOSITION", "4");

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER), caller, services);

        CallbackRequest request = services.callbacks().get(0);
        assertThat(request.callbackNumber()).isEqualTo(CALLER);
        assertThat(request.queue()).isEqualTo("hotline");
        assertThat(request.waitingSince()).hasValue(java.time.Instant.ofEpochSecond(1796400000));
        assertThat(request.queuePosition()).hasValue(4);
        assertThat(IvrFixture.promptIds(caller.commands())).containsSubsequence("callback-position-before",
                "number-10", "number-2", "callback-position-after");
        assertThat(result.channelVariables()).containsEntry("YIKOU_CALLBACK_ID", "cb-1");
    }

    @Test
    void surveyStoredAgainstTicket() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        SimulatedServices services = new SimulatedServices(clock, IvrFixture.SHANGHAI);

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("survey", IvrFixture.call(CALLER),
                ScriptedCaller.of("2").withVariable("YIKOU_TICKET", "96010-20261204-000007"), services);

        assertThat(result.survey()).hasValue(SurveyRating.BASICALLY_SATISFIED);
        assertThat(services.surveys()).singleElement().satisfies(s -> {
            assertThat(s.ticketNumber()).hasValue("96010-20261204-000007");
            assertThat(s.call().contactId()).hasValue("c-42");
            assertThat(s.rating()).isEqualTo(SurveyRating.BASICALLY_SATISFIED);
        });
    }

    @Test
    void hangUpEndsWalkAtOnce() {
        Clock clock = IvrFixture.at(FRIDAY_MORNING);
        ScriptedCaller caller = ScriptedCaller.of("1H");

        IvrResult result = IvrFixture.engine(FLOWS, clock).run("main-menu", IvrFixture.call(CALLER), caller,
                new SimulatedServices(clock, IvrFixture.SHANGHAI));

        assertThat(result.outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
        assertThat(caller.commands()).last().isEqualTo("STREAM FILE yikou/zh-CN/main-menu \"0123456789*#\"");
        assertThat(result.path()).last().isEqualTo("main-menu/main");
    }
}
