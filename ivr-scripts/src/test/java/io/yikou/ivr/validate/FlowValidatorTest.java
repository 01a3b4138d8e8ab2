package io.yikou.ivr.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.flow.FlowSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowValidatorTest {

    private static final FlowValidator VALIDATOR = new FlowValidator(IvrFixture.PROMPTS);

    private static List<FlowProblem> validate(String... flows) {
        FlowSet set = IvrFixture.flows(flows);
        return VALIDATOR.validate(set);
    }

    @Test
    void shippedFlowsHaveNoProblems() {
        assertThat(VALIDATOR.validate(IvrFixture.shippedFlows())).isEmpty();
    }

    @Test
    void unknownTargetNamesFileAndLine() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: greet
                nodes:
                  greet:
                    type: play
                    prompts: [welcome]
                    next: mian
                  main:
                    type: hangup
                """);

        assertThat(problems).extracting(FlowProblem::code).contains("unknown-target");
        FlowProblem problem = problems.stream().filter(p -> p.code().equals("unknown-target")).findFirst().orElseThrow();
        assertThat(problem.toString()).startsWith("demo.yaml:7:11: error [unknown-target]");
        assertThat(problem.message()).contains("'mian'").contains("did you mean 'main'?");
    }

    @Test
    void unreachableNodeIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: bye
                nodes:
                  bye:
                    type: hangup
                  orphan:
                    type: hangup
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("unreachable-node");
            assertThat(p.source().line()).isEqualTo(6);
        });
    }

    @Test
    void spinningLoopIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: a
                nodes:
                  a:
                    type: play
                    prompts: [welcome]
                    next: b
                  b:
                    type: goto
                    target: a
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("loop-without-input");
            assertThat(p.message()).contains("never waits for input");
            assertThat(p.source().line()).isEqualTo(4);
        });
    }

    @Test
    void silentCallerLoopIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: menu
                nodes:
                  menu:
                    type: menu
                    prompts: [main-menu]
                    choices: {"1": bye}
                    on-exhausted: menu
                  bye:
                    type: hangup
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("loop-without-input");
            assertThat(p.message()).contains("presses nothing");
        });
    }

    @Test
    void loopThroughChoiceIsAllowed() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: menu
                nodes:
                  menu:
                    type: menu
                    prompts: [main-menu]
                    choices: {"1": again, "2": bye}
                    on-exhausted: bye
                  again:
                    type: play
                    prompts: [welcome]
                    next: menu
                  bye:
                    type: hangup
                """);

        assertThat(problems).isEmpty();
    }

    @Test
    void loopAcrossFlowsIsReported() {
        List<FlowProblem> problems = validate("""
                flow: first
                start: jump
                nodes:
                  jump:
                    type: goto-flow
                    flow: second
                """, """
                flow: second
                start: back
                nodes:
                  back:
                    type: goto-flow
                    flow: first
                """);

        assertThat(problems).extracting(FlowProblem::code).containsOnly("loop-without-input");
    }

    @Test
    void subFlowThatReturnsSilentlyClosesLoop() {
        List<FlowProblem> problems = validate("""
                flow: caller
                start: call
                nodes:
                  call:
                    type: sub-flow
                    flow: helper
                    next: call
                """, """
                flow: helper
                start: done
                nodes:
                  done:
                    type: return
                """);

        assertThat(problems).extracting(FlowProblem::code).containsExactly("loop-without-input");
    }

    @Test
    void missingPromptIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: greet
                nodes:
                  greet:
                    type: hangup
                    prompts: [welcom]
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("missing-prompt");
            assertThat(p.source().line()).isEqualTo(6);
            assertThat(p.message()).contains("did you mean 'welcome'?");
        });
    }

    @Test
    void unknownFlowAndRecursionAreReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: a
                nodes:
                  a:
                    type: sub-flow
                    flow: demo
                    next: b
                  b:
                    type: sub-flow
                    flow: nowhere
                    next: c
                  c:
                    type: hangup
                """);

        assertThat(problems).extracting(FlowProblem::code).contains("recursive-sub-flow", "unknown-flow");
    }

    @Test
    void unknownVariableIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: a
                nodes:
                  a:
                    type: set
                    variables: {NOTE: "ticket ${tiket}"}
                    next: b
                  b:
                    type: hangup
                    prompts: [{say-digits: ticket}]
                """);

        assertThat(problems).extracting(FlowProblem::code).containsExactly("unknown-variable", "unknown-variable");
        assertThat(problems.get(0).message()).contains("'tiket'");
    }

    @Test
    void unknownStartIsReported() {
        List<FlowProblem> problems = validate("""
                flow: demo
                start: begin
                nodes:
                  bye:
                    type: hangup
                """);

        assertThat(problems).extracting(FlowProblem::code).containsExactly("unknown-target");
        assertThat(problems.get(0).source().line()).isEqualTo(2);
    }
}
