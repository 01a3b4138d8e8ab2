package io.yikou.ivr.runtime;

import static io.yikou.ivr.IvrFixture.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.cli.ScriptedCaller;
import io.yikou.ivr.cli.SimulatedServices;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.runtime.IvrResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Engine behaviour on small flows written for each case. */
class FlowEngineTest {

    private static final Clock CLOCK = IvrFixture.at("2026-12-04T10:00");

    private static IvrResult run(FlowSet flows, ScriptedCaller caller, SimulatedServices services) {
        return IvrFixture.engine(flows, CLOCK).run(flows.names().iterator().next(), IvrFixture.call(CALLER), caller,
                services);
    }

    private static SimulatedServices services() {
        return new SimulatedServices(CLOCK, IvrFixture.SHANGHAI);
    }

    private static final String MENU = """
            flow: demo
            start: menu
            nodes:
              menu:
                type: menu
                prompts: [main-menu]
                timeout: 5s
                retries: 2
                no-input-prompts: [no-input]
                invalid-prompts: [invalid-choice]
                choices:
                  "1": agent
                on-exhausted: bye
              agent:
                type: transfer
                queue: hotline
                priority: 3
              bye:
                type: hangup
                prompts: [goodbye]
            """;

    @Test
    void menuRetriesThenExhausts() {
        ScriptedCaller caller = ScriptedCaller.of("T,7,T");

        IvrResult result = run(IvrFixture.flows(MENU), caller, services());

        assertThat(result.outcome()).isEqualTo(Outcome.HANGUP);
        assertThat(IvrFixture.promptIds(caller.commands())).containsExactly("main-menu", "no-input", "main-menu",
                "invalid-choice", "main-menu", "goodbye");
        assertThat(caller.commands()).last().isEqualTo("HANGUP");
    }

    @Test
    void menuChoiceAfterRetrySucceeds() {
        IvrResult result = run(IvrFixture.flows(MENU), ScriptedCaller.of("T,1"), services());

        assertThat(result.outcome()).isEqualTo(Outcome.TRANSFER);
        assertThat(result.priority()).isEqualTo(3);
        assertThat(result.choices()).singleElement().isEqualTo(new IvrChoice("demo", "menu", "1", "agent"));
    }

    @Test
    void exactAgiCommandsForMenu() {
        ScriptedCaller caller = ScriptedCaller.of("T,1");

        run(IvrFixture.flows(MENU), caller, services());

        assertThat(caller.commands()).containsExactly("ANSWER",
                "STREAM FILE yikou/zh-CN/main-menu \"0123456789*#\"", "WAIT FOR DIGIT 5000",
                "STREAM FILE yikou/zh-CN/no-input \"\"",
                "STREAM FILE yikou/zh-CN/main-menu \"0123456789*#\"",
                "SET VARIABLE YIKOU_OUTCOME \"transfer\"", "SET VARIABLE YIKOU_QUEUE \"hotline\"",
                "SET VARIABLE YIKOU_PRIORITY \"3\"", "SET VARIABLE QUEUE_PRIO \"3\"",
                "SET VARIABLE YIKOU_LANGUAGE \"zh-CN\"", "SET VARIABLE YIKOU_ELDERLY \"0\"",
                "SET VARIABLE YIKOU_CONTACT_ID \"c-42\"", "SET VARIABLE YIKOU_IVR_PATH \"demo/menu>demo/agent\"",
                "SET VARIABLE YIKOU_IVR_CHOICES \"demo/menu=1\"");
    }

    private static final String COLLECT = """
            flow: demo
            start: ask
            nodes:
              ask:
                type: collect
                prompts: [ticket-enter]
                min-digits: 4
                max-digits: 6
                pattern: "1\\\\d+"
                timeout: 8s
                inter-digit-timeout: 2s
                retries: 1
                invalid-prompts: [ticket-invalid]
                store: code
                next: done
                on-exhausted: bye
              done:
                type: set
                variables: {CODE: "got ${code}"}
                next: bye
              bye:
                type: hangup
            """;

    @Test
    void collectEndsOnTerminator() {
        ScriptedCaller caller = ScriptedCaller.of("1234#");

        run(IvrFixture.flows(COLLECT), caller, services());

        assertThat(caller.variables()).containsEntry("CODE", "got 1234");
        assertThat(caller.commands()).contains("WAIT FOR DIGIT 2000");
    }

    @Test
    void collectEndsAtMaxDigits() {
        ScriptedCaller caller = ScriptedCaller.of("123456");

        run(IvrFixture.flows(COLLECT), caller, services());

        assertThat(caller.variables()).containsEntry("CODE", "got 123456");
    }

    @Test
    void collectEndsOnInterDigitTimeout() {
        ScriptedCaller caller = ScriptedCaller.of("12345T");

        run(IvrFixture.flows(COLLECT), caller, services());

        assertThat(caller.variables()).containsEntry("CODE", "got 12345");
    }

    @Test
    void collectRejectsPatternMismatchThenExhausts() {
        List<WalkEvent> events = new ArrayList<>();
        ScriptedCaller caller = ScriptedCaller.of("2345#,12#");

        IvrResult result = IvrFixture.engine(IvrFixture.flows(COLLECT), CLOCK).run("demo", IvrFixture.call(CALLER),
                caller, services(), events::add);

        assertThat(result.path()).containsExactly("demo/ask", "demo/bye");
        assertThat(events).filteredOn(e -> e instanceof WalkEvent.InvalidInput)
                .extracting(e -> ((WalkEvent.InvalidInput) e).reason())
                .containsExactly("does not match the pattern", "fewer than 4 digits");
        assertThat(caller.variables()).doesNotContainKey("CODE");
    }

    @Test
    void sensitiveInputIsMasked() {
        String flow = """
                flow: demo
                start: ask
                nodes:
                  ask:
                    type: collect
                    prompts: [ticket-enter]
                    format: phone-number
                    max-digits: 11
                    store: number
                    sensitive: true
                    next: call
                    on-exhausted: bye
                  call:
                    type: callback
                    queue: hotline
                    number: number
                    next: bye
                    on-error: bye
                  bye:
                    type: hangup
                """;
        SimulatedServices services = services();

        IvrResult result = run(IvrFixture.flows(flow), ScriptedCaller.of("13912345678"), services);

        assertThat(result.choices()).singleElement().satisfies(c -> assertThat(c.input()).isEqualTo("139****5678"));
        assertThat(services.callbacks().get(0).callbackNumber()).isEqualTo("13912345678");
        assertThat(result.channelVariables().get("YIKOU_IVR_CHOICES")).doesNotContain("13912345678");
    }

    @Test
    void serviceFailureTakesFailureRoute() {
        String flow = """
                flow: demo
                start: ask
                nodes:
                  ask:
                    type: collect
                    prompts: [ticket-enter]
                    format: ticket-number
                    max-digits: 22
                    store: ticket
                    next: status
                    on-exhausted: bye
                  status:
                    type: ticket-status
                    ticket: ticket
                    found: bye
                    not-found: missing
                  missing:
                    type: hangup
                    prompts: [ticket-not-found]
                  bye:
                    type: hangup
                """;
        ScriptedCaller caller = ScriptedCaller.of("9601020261204000123#");

        IvrResult result = run(IvrFixture.flows(flow), caller, services().failing("ticketStatus"));

        assertThat(result.path()).containsExactly("demo/ask", "demo/status", "demo/missing");
        assertThat(IvrFixture.promptIds(caller.commands())).containsSubsequence("service-error", "ticket-not-found");
    }

    @Test
    void ticketDetailIsSpokenOnlyWithSpeech() {
        String flow = """
                flow: demo
                start: set
                nodes:
                  set:
                    type: collect
                    prompts: [ticket-enter]
                    format: ticket-number
                    max-digits: 22
                    store: ticket
                    next: status
                    on-exhausted: bye
                  status:
                    type: ticket-status
                    ticket: ticket
                    read-number: false
                    found: bye
                    not-found: bye
                  bye:
                    type: hangup
                """;
        ScriptedCaller withSpeech = ScriptedCaller.of("9601020261204000123#").withSpeech();
        ScriptedCaller without = ScriptedCaller.of("9601020261204000123#");

        run(IvrFixture.flows(flow), withSpeech, services().detail("东华门街道办事处正在处理"));
        run(IvrFixture.flows(flow), without, services().detail("东华门街道办事处正在处理").ticket(
                "96010-20261204-000123", "some_new_status"));

        assertThat(withSpeech.commands()).contains("EXEC TTS \"东华门街道办事处正在处理\"");
        assertThat(without.commands()).noneMatch(c -> c.startsWith("EXEC"));
        assertThat(IvrFixture.promptIds(without.commands())).contains("ticket-status-unknown");
    }

    @Test
    void emptyRecordingTakesEmptyRoute() {
        String flow = """
                flow: demo
                start: record
                nodes:
                  record:
                    type: voicemail
                    prompts: [voicemail-intro]
                    next: bye
                    on-empty: empty
                  empty:
                    type: hangup
                    prompts: [voicemail-empty]
                  bye:
                    type: hangup
                """;
        SimulatedServices services = services();

        IvrResult result = run(IvrFixture.flows(flow), ScriptedCaller.of("T"), services);

        assertThat(result.path()).containsExactly("demo/record", "demo/empty");
        assertThat(services.voicemails()).isEmpty();
    }

    @Test
    void voicemailServiceFailureKeepsCallerInformed() {
        String flow = """
                flow: demo
                start: record
                nodes:
                  record:
                    type: voicemail
                    prompts: [voicemail-intro]
                    next: bye
                    on-empty: empty
                  empty:
                    type: hangup
                    prompts: [voicemail-empty]
                  bye:
                    type: hangup
                """;
        ScriptedCaller caller = ScriptedCaller.of("#");

        IvrResult result = run(IvrFixture.flows(flow), caller, services().failing("voicemailToTicket"));

        assertThat(result.voicemailTicket()).isEmpty();
        assertThat(IvrFixture.promptIds(caller.commands())).containsSubsequence("service-error", "voicemail-empty");
    }

    @Test
    void stepLimitEndsEndlessInputLoop() {
        String flow = """
                flow: demo
                start: menu
                nodes:
                  menu:
                    type: menu
                    prompts: [main-menu]
                    choices: {"1": menu}
                    on-exhausted: bye
                  bye:
                    type: hangup
                """;
        ScriptedCaller caller = ScriptedCaller.of("1".repeat(600));

        IvrResult result = run(IvrFixture.flows(flow), caller, services());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("500 nodes"));
        assertThat(caller.variables()).containsEntry("YIKOU_OUTCOME", "failed");
    }

    @Test
    void unknownFlowFails() {
        ScriptedCaller caller = ScriptedCaller.of("");

        IvrResult result = IvrFixture.engine(IvrFixture.flows(MENU), CLOCK).run("nope", IvrFixture.call(CALLER),
                caller, services());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(caller.commands()).containsExactly("SET VARIABLE YIKOU_OUTCOME \"failed\"",
                "SET VARIABLE YIKOU_LANGUAGE \"zh-CN\"", "SET VARIABLE YIKOU_ELDERLY \"0\"",
                "SET VARIABLE YIKOU_CONTACT_ID \"c-42\"", "SET VARIABLE YIKOU_IVR_PATH \"\"",
                "SET VARIABLE YIKOU_IVR_CHOICES \"\"");
    }

    @Test
    void interruptedThreadEndsWalkAsHangUp() {
        AtomicInteger commands = new AtomicInteger();
        Telephony telephony = new CountingTelephony(commands) {
            @Override
            public Optional<Character> waitForDigit(Duration timeout) {
                commands.incrementAndGet();
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
        try {
            IvrResult result = IvrFixture.engine(IvrFixture.flows(MENU), CLOCK).run("demo", IvrFixture.call(CALLER),
                    telephony, services());

            assertThat(result.outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
            assertThat(result.path()).containsExactly("demo/menu");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void telephonyErrorFailsWalk() {
        Telephony telephony = new CountingTelephony(new AtomicInteger()) {
            @Override
            public Optional<Character> streamFile(String file, String escapeDigits) {
                throw new TelephonyException("520 Invalid command syntax");
            }
        };

        IvrResult result = IvrFixture.engine(IvrFixture.flows(MENU), CLOCK).run("demo", IvrFixture.call(CALLER),
                telephony, services());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("520"));
    }

    @Test
    void throwingListenerDoesNotStopWalk() {
        IvrResult result = IvrFixture.engine(IvrFixture.flows(MENU), CLOCK).run("demo", IvrFixture.call(CALLER),
                ScriptedCaller.of("1"), services(), event -> {
                    throw new IllegalStateException("listener bug");
                });

        assertThat(result.outcome()).isEqualTo(Outcome.TRANSFER);
    }

    @Test
    void subFlowReturnsToCaller() {
        FlowSet flows = IvrFixture.flows("""
                flow: outer
                start: call
                nodes:
                  call:
                    type: sub-flow
                    flow: inner
                    next: after
                  after:
                    type: transfer
                    queue: hotline
                """, """
                flow: inner
                start: mark
                nodes:
                  mark:
                    type: set
                    language: en
                    next: done
                  done:
                    type: return
                """);

        IvrResult result = IvrFixture.engine(flows, CLOCK).run("outer", IvrFixture.call(CALLER), ScriptedCaller.of(""),
                services());

        assertThat(result.path()).containsExactly("outer/call", "inner/mark", "inner/done", "outer/after");
        assertThat(result.language().tag()).isEqualTo("en");
        assertThat(result.outcome()).isEqualTo(Outcome.TRANSFER);
    }

    /** Telephony that counts commands and never hears a key. */
    private static class CountingTelephony implements Telephony {
        private final AtomicInteger commands;

        CountingTelephony(AtomicInteger commands) {
            this.commands = commands;
        }

        @Override
        public void answer() {
            commands.incrementAndGet();
        }

        @Override
        public Optional<Character> streamFile(String file, String escapeDigits) {
            commands.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public Optional<Character> waitForDigit(Duration timeout) {
            commands.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public RecordingResult recordFile(RecordingRequest request) {
            return new RecordingResult(RecordingResult.EndReason.SILENCE, Duration.ZERO, Optional.empty());
        }

        @Override
        public void setVariable(String name, String value) {
            commands.incrementAndGet();
        }

        @Override
        public Optional<String> getVariable(String name) {
            return Optional.empty();
        }

        @Override
        public void hangup() {
            commands.incrementAndGet();
        }
    }
}
