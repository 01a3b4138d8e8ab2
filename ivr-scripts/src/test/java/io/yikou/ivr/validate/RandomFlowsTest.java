package io.yikou.ivr.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.cli.ScriptedCaller;
import io.yikou.ivr.cli.SimulatedServices;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.library.FlowLibrary;
import io.yikou.ivr.parse.FlowParser;
import io.yikou.ivr.runtime.FlowEngine;
import io.yikou.ivr.runtime.IvrResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests: broken and random flows never crash the parser or validator, and random callers
 * never crash the engine or keep it walking. Each case's seed is in its failure message; rerun one
 * with that seed to reproduce it.
 */
class RandomFlowsTest {

    private static final long BASE_SEED = 0x96010L;
    private static final List<String> PROMPTS = List.copyOf(IvrFixture.PROMPTS.ids());
    private static final String KEYS = "0123456789*#";

    @Test
    void mutatedFlowFilesNeverCrashParserOrValidator() {
        List<FlowLibrary.Source> sources = FlowLibrary.bundledSources();
        FlowValidator validator = new FlowValidator(IvrFixture.PROMPTS);
        for (int i = 0; i < 600; i++) {
            long seed = BASE_SEED + i;
            Random random = new Random(seed);
            FlowLibrary.Source source = sources.get(random.nextInt(sources.size()));
            String text = mutate(source.text(), random);

            FlowParser.Result result = FlowParser.parse(source.file(), text);

            assertThat(result.problems()).as("seed %d", seed).allSatisfy(p -> {
                assertThat(p.message()).isNotBlank();
                assertThat(p.source().file()).isEqualTo(source.file());
            });
            result.flow().ifPresent(flow -> validator.validate(new FlowSet(Map.of(flow.name(), flow))));
        }
    }

    @Test
    void randomFlowsValidateAndWalkWithoutCrashing() {
        FlowValidator validator = new FlowValidator(IvrFixture.PROMPTS);
        Clock clock = IvrFixture.at("2026-12-04T10:00");
        int valid = 0;
        for (int i = 0; i < 600; i++) {
            long seed = BASE_SEED * 7 + i;
            Random random = new Random(seed);
            String text = randomFlow(random);
            FlowParser.Result parsed = FlowParser.parse("random.yaml", text);
            if (parsed.flow().isEmpty()) {
                continue;
            }
            Flow flow = parsed.flow().get();
            FlowSet set = new FlowSet(Map.of(flow.name(), flow));
            List<FlowProblem> problems = new ArrayList<>(parsed.problems());
            problems.addAll(validator.validate(set));
            FlowEngine engine = IvrFixture.engine(set, clock, ElderlyNumbers.of(List.of("13911112222")));

            // Any caller, valid flow or not: the walk ends, within the step limit, without throwing.
            for (int call = 0; call < 3; call++) {
                ScriptedCaller caller = new ScriptedCaller(ScriptedCaller.parse(randomScript(random)),
                        random.nextBoolean(), Duration.ofSeconds(random.nextInt(20)));
                IvrResult result = engine.run(flow.name(), IvrFixture.call(random.nextBoolean() ? "13911112222" : "13800138000"),
                        caller, new SimulatedServices(clock, IvrFixture.SHANGHAI));
                assertThat(result.outcome()).as("seed %d:\n%s", seed, text).isNotNull();
                assertThat(result.path().size()).as("seed %d", seed).isLessThanOrEqualTo(500);
            }

            // A flow that validates never leaves a silent caller walking until the step limit.
            if (problems.stream().noneMatch(FlowProblem::isError)) {
                valid++;
                ScriptedCaller silent = new ScriptedCaller(List.of(), false, Duration.ofSeconds(10));
                IvrResult result = engine.run(flow.name(), IvrFixture.call("13800138000"), silent,
                        new SimulatedServices(clock, IvrFixture.SHANGHAI));
                assertThat(result.outcome()).as("seed %d, error %s:\n%s", seed, result.error(), text)
                        .isNotEqualTo(IvrResult.Outcome.FAILED);
            }
        }
        assertThat(valid).as("random flows that validate").isGreaterThan(40);
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length() > 2; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(30)));
                case 1 -> out.insert(at, "\n" + "  ".repeat(random.nextInt(4)) + "x: [");
                case 2 -> out.insert(at, "ÿ\u0000\t:\"#{}".charAt(random.nextInt(8)));
                case 3 -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(80))));
                case 4 -> out.replace(at, Math.min(out.length(), at + 2), random.nextBoolean() ? "99" : "  ");
                default -> out.insert(at, "\n  extra:\n    type: play\n    prompts: [nope]\n    next: extra\n");
            }
        }
        return out.toString();
    }

    /** Builds a flow of random nodes with random links, mostly forward, one in twenty pointing nowhere. */
    private static String randomFlow(Random random) {
        int size = 2 + random.nextInt(8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add("n" + i);
        }
        StringBuilder yaml = new StringBuilder("flow: random\nstart: n0\nnodes:\n");
        for (int index = 0; index < ids.size(); index++) {
            String id = ids.get(index);
            List<String> later = ids.subList(index + 1, ids.size());
            yaml.append("  ").append(id).append(":\n");
            String type = List.of("play", "menu", "collect", "set", "branch", "goto", "hangup", "transfer",
                    "business-hours", "elderly-check", "survey", "voicemail", "callback", "ticket-status", "return")
                    .get(random.nextInt(15));
            yaml.append("    type: ").append(type).append('\n');
            switch (type) {
                case "play" -> yaml.append("    prompts: [").append(prompt(random)).append("]\n    interruptible: ")
                        .append(random.nextBoolean()).append("\n    next: ").append(target(random, ids, later)).append('\n');
                case "menu" -> {
                    yaml.append("    prompts: [").append(prompt(random)).append("]\n    retries: ")
                            .append(random.nextInt(3)).append("\n    timeout: ").append(1 + random.nextInt(9))
                            .append("s\n    choices:\n");
                    int choices = 1 + random.nextInt(3);
                    for (int c = 0; c < choices; c++) {
                        yaml.append("      \"").append(KEYS.charAt(random.nextInt(KEYS.length()))).append("\": ")
                                .append(target(random, ids, later)).append('\n');
                    }
                    yaml.append("    on-exhausted: ").append(target(random, ids, later)).append('\n');
                }
                case "collect" -> yaml.append("    prompts: [").append(prompt(random)).append("]\n    max-digits: ")
                        .append(1 + random.nextInt(6)).append("\n    store: code\n    next: ").append(target(random, ids, later))
                        .append("\n    on-exhausted: ").append(target(random, ids, later)).append('\n');
                case "set" -> yaml.append("    variables: {NOTE: \"${caller}\"}\n    elderly: ").append(random.nextBoolean())
                        .append("\n    next: ").append(target(random, ids, later)).append('\n');
                case "branch" -> yaml.append("    on: elderly\n    cases: {yes: ").append(target(random, ids, later))
                        .append("}\n    default: ").append(target(random, ids, later)).append('\n');
                case "goto" -> yaml.append("    target: ").append(target(random, ids, later)).append('\n');
                case "hangup" -> yaml.append("    prompts: [").append(prompt(random)).append("]\n");
                case "transfer" -> yaml.append("    queue: hotline\n    priority: ").append(random.nextInt(5)).append('\n');
                case "business-hours" -> yaml.append("    working-days: [\"08:00-20:00\"]\n    open: ")
                        .append(target(random, ids, later)).append("\n    closed: ").append(target(random, ids, later)).append('\n');
                case "elderly-check" -> yaml.append("    registered: ").append(target(random, ids, later)).append("\n    other: ")
                        .append(target(random, ids, later)).append('\n');
                case "survey" -> yaml.append("    prompts: [survey-question]\n    next: ").append(target(random, ids, later))
                        .append("\n    on-exhausted: ").append(target(random, ids, later)).append('\n');
                case "voicemail" -> yaml.append("    prompts: [voicemail-intro]\n    next: ").append(target(random, ids, later))
                        .append("\n    on-empty: ").append(target(random, ids, later)).append('\n');
                case "callback" -> yaml.append("    queue: hotline\n    next: ").append(target(random, ids, later))
                        .append("\n    on-error: ").append(target(random, ids, later)).append('\n');
                case "ticket-status" -> yaml.append("    ticket: " + (random.nextBoolean() ? "caller" : "code") + "\n    found: ").append(target(random, ids, later))
                        .append("\n    not-found: ").append(target(random, ids, later)).append('\n');
                default -> { }
            }
        }
        return yaml.toString();
    }

    /** Mostly a later node (few loops), sometimes any node, rarely a missing one. */
    private static String target(Random random, List<String> ids, List<String> later) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return "missing";
        }
        if (pick < 15 && !later.isEmpty()) {
            return later.get(random.nextInt(later.size()));
        }
        return ids.get(random.nextInt(ids.size()));
    }

    private static String prompt(Random random) {
        return random.nextInt(40) == 0 ? "no-such-prompt" : PROMPTS.get(random.nextInt(PROMPTS.size()));
    }

    private static String randomScript(Random random) {
        StringBuilder script = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(16);
            if (pick < 12) {
                script.append(KEYS.charAt(pick));
            } else if (pick < 15) {
                script.append('T');
            } else {
                script.append('H');
            }
        }
        return script.toString();
    }
}
