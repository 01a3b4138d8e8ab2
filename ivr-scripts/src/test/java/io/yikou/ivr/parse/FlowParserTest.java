package io.yikou.ivr.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.flow.DigitFormat;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.validate.FlowProblem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowParserTest {

    private static final String HEADER = """
            flow: demo
            start: menu
            nodes:
            """;

    private static FlowParser.Result parse(String nodes) {
        return FlowParser.parse("demo.yaml", HEADER + nodes);
    }

    private static FlowProblem only(FlowParser.Result result) {
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    @Test
    void menuWithChoicesAndDefaults() {
        FlowParser.Result result = FlowParser.parse("demo.yaml", """
                flow: demo
                start: menu
                defaults:
                  timeout: 7s
                  retries: 1
                  no-input-prompts: [no-input]
                nodes:
                  menu:
                    type: menu
                    prompts: [main-menu]
                    choices:
                      "1": agent
                      "2": {next: agent, language: en, elderly: true, variables: {YIKOU_TOPIC: report}}
                      "#": agent
                    on-exhausted: agent
                  agent:
                    type: transfer
                    queue: hotline
                    priority: 5
                """);

        assertThat(result.problems()).isEmpty();
        Flow flow = result.flow().orElseThrow();
        FlowNode.Menu menu = (FlowNode.Menu) flow.node("menu").orElseThrow();
        assertThat(menu.source().line()).isEqualTo(8);
        assertThat(menu.input().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(menu.input().retries()).isEqualTo(1);
        assertThat(menu.input().noInputPrompts()).extracting(p -> ((PromptItem.Recorded) p).id()).containsExactly("no-input");
        assertThat(menu.choices().keySet()).containsExactly('1', '2', '#');
        FlowNode.Choice two = menu.choices().get('2');
        assertThat(two.assignments().language()).hasValue(Language.ENGLISH);
        assertThat(two.assignments().elderly()).hasValue(true);
        assertThat(two.assignments().channelVariables()).containsEntry("YIKOU_TOPIC", "report");
        assertThat(((FlowNode.Transfer) flow.node("agent").orElseThrow()).priority()).isEqualTo(5);
    }

    @Test
    void collectReadsFormatAndTerminator() {
        FlowParser.Result result = parse("""
                  menu:
                    type: collect
                    prompts: [ticket-enter, {say-digits: ticket}]
                    format: ticket-number
                    min-digits: 14
                    max-digits: 22
                    terminator: none
                    inter-digit-timeout: 4s
                    store: ticket
                    sensitive: true
                    next: menu
                    on-exhausted: menu
                """);

        assertThat(result.problems()).isEmpty();
        FlowNode.Collect collect = (FlowNode.Collect) result.flow().orElseThrow().node("menu").orElseThrow();
        assertThat(collect.format()).isEqualTo(DigitFormat.TICKET_NUMBER);
        assertThat(collect.terminator()).isEmpty();
        assertThat(collect.interDigitTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(collect.sensitive()).isTrue();
        assertThat(collect.prompts().get(1)).isInstanceOf(PromptItem.SayDigits.class);
    }

    @Test
    void unknownFieldSuggestsClosest() {
        FlowProblem problem = only(parse("""
                  menu:
                    type: play
                    prompts: [welcome]
                    nxt: menu
                    next: menu
                """));

        assertThat(problem.code()).isEqualTo("unknown-field");
        assertThat(problem.source().line()).isEqualTo(7);
        assertThat(problem.message()).contains("'nxt'").contains("did you mean 'next'?");
    }

    @Test
    void unknownTypeIsReportedWithHint() {
        FlowProblem problem = only(parse("""
                  menu:
                    type: meun
                """));

        assertThat(problem.code()).isEqualTo("unknown-type");
        assertThat(problem.source().line()).isEqualTo(5);
        assertThat(problem.message()).contains("did you mean 'menu'?");
    }

    @Test
    void badDurationNamesRange() {
        FlowProblem problem = only(parse("""
                  menu:
                    type: menu
                    prompts: [main-menu]
                    timeout: 90s
                    choices: {"1": menu}
                    on-exhausted: menu
                """));

        assertThat(problem.code()).isEqualTo("bad-duration");
        assertThat(problem.source().line()).isEqualTo(7);
        assertThat(problem.message()).contains("from 1s to 1m");
    }

    @Test
    void bareNumberIsNotADuration() {
        FlowProblem problem = only(parse("""
                  menu:
                    type: menu
                    prompts: [main-menu]
                    timeout: 5
                    choices: {"1": menu}
                    on-exhausted: menu
                """));

        assertThat(problem.code()).isEqualTo("bad-duration");
    }

    @Test
    void invalidDtmfKeysAreRejected() {
        FlowParser.Result result = parse("""
                  menu:
                    type: menu
                    prompts: [main-menu]
                    choices:
                      "10": menu
                      "x": menu
                      "A": menu
                      "5": menu
                    on-exhausted: menu
                """);

        assertThat(result.problems()).extracting(FlowProblem::code)
                .containsExactly("invalid-dtmf-key", "invalid-dtmf-key", "rare-dtmf-key");
        assertThat(result.problems()).extracting(p -> p.source().line()).containsExactly(8, 9, 10);
        assertThat(result.problems().get(2).isError()).isFalse();
    }

    @Test
    void duplicateKeyIsReported() {
        FlowParser.Result result = parse("""
                  menu:
                    type: hangup
                  menu:
                    type: return
                """);

        assertThat(result.problems()).extracting(FlowProblem::code).contains("duplicate-key");
        assertThat(result.problems().get(0).message()).contains("first at line 4");
    }

    @Test
    void missingRequiredFieldsAreListed() {
        FlowParser.Result result = parse("""
                  menu:
                    type: menu
                """);

        assertThat(result.problems()).extracting(FlowProblem::code)
                .containsExactlyInAnyOrder("missing-field", "missing-field", "missing-field");
        assertThat(result.problems()).extracting(FlowProblem::message).anyMatch(m -> m.contains("'on-exhausted'"));
    }

    @Test
    void yamlSyntaxErrorHasLine() {
        FlowParser.Result result = FlowParser.parse("demo.yaml", "flow: demo\nstart: [a\nnodes: {}\n");

        assertThat(result.flow()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("yaml-syntax");
            assertThat(p.source().line()).isGreaterThan(1);
        });
    }

    @Test
    void flowNameMustMatchFile() {
        FlowParser.Result result = FlowParser.parse("other.yaml", HEADER + "  menu:\n    type: return\n");

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("name-mismatch");
            assertThat(p.isError()).isFalse();
        });
    }

    @Test
    void timeRangesAreChecked() {
        FlowParser.Result result = parse("""
                  menu:
                    type: business-hours
                    working-days: ["08:00-20:00", "19:00-21:00", "25:00-26:00", "18:00-08:00"]
                    rest-days: ["00:00-24:00"]
                    open: menu
                    closed: menu
                """);

        assertThat(result.problems()).extracting(FlowProblem::code)
                .containsExactly("overlapping-hours", "invalid-time-range", "invalid-time-range");
        FlowNode.BusinessHours hours = (FlowNode.BusinessHours) result.flow().orElseThrow().node("menu").orElseThrow();
        assertThat(hours.hours().restDays().get(0).contains(java.time.LocalTime.of(23, 59, 59))).isTrue();
    }

    @Test
    void reservedVariableIsRejected() {
        FlowParser.Result result = parse("""
                  menu:
                    type: set
                    variables: {QUEUE_PRIO: "99"}
                    next: menu
                """);

        assertThat(result.problems()).extracting(FlowProblem::code).containsExactly("reserved-variable", "sets-nothing");
        assertThat(result.problems().get(0).source().line()).isEqualTo(6);
    }

    @Test
    void terminatorMustNotBeDigit() {
        FlowParser.Result result = parse("""
                  menu:
                    type: collect
                    prompts: [ticket-enter]
                    max-digits: 4
                    terminator: "5"
                    store: code
                    next: menu
                    on-exhausted: menu
                """);

        assertThat(result.problems()).extracting(FlowProblem::code).containsExactly("invalid-dtmf-key");
    }

    @Test
    void everyNodeTypeParses() {
        FlowParser.Result result = parse("""
                  menu: {type: play, prompts: [welcome], next: a}
                  a: {type: ticket-status, ticket: t, found: b, not-found: b}
                  b: {type: voicemail, prompts: [voicemail-intro], next: c, on-empty: c}
                  c: {type: callback, queue: hotline, next: d, on-error: d}
                  d: {type: survey, prompts: [survey-question], next: e, on-exhausted: e}
                  e: {type: elderly-check, registered: f, other: f}
                  f: {type: set, elderly: true, next: g}
                  g: {type: branch, on: language, cases: {en: h}, default: h}
                  h: {type: goto, target: i}
                  i: {type: sub-flow, flow: other, next: j}
                  j: {type: goto-flow, flow: other}
                  k: {type: hangup}
                  l: {type: return}
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.flow().orElseThrow().nodes().values()).extracting(FlowNode::type)
                .containsExactly("play", "ticket-status", "voicemail", "callback", "survey", "elderly-check", "set",
                        "branch", "goto", "sub-flow", "goto-flow", "hangup", "return");
        assertThat(List.copyOf(result.flow().orElseThrow().nodes().keySet())).hasSize(13);
    }
}
