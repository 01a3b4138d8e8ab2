package io.yikou.ivr.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.IvrOptions;
import io.yikou.ivr.IvrRuntime;
import io.yikou.ivr.cli.ScriptedCaller;
import io.yikou.ivr.cli.SimulatedServices;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.runtime.FlowEngine;
import io.yikou.ivr.runtime.IvrResult;
import io.yikou.ivr.validate.FlowProblem;
import io.yikou.ivr.validate.FlowValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowLibraryTest {

    private static final String DEMO_V1 = """
            flow: demo
            start: bye
            nodes:
              bye:
                type: hangup
                prompts: [goodbye]
            """;
    private static final String DEMO_V2 = """
            flow: demo
            start: agent
            nodes:
              agent:
                type: transfer
                queue: hotline
            """;
    private static final String DEMO_BROKEN = """
            flow: demo
            start: greet
            nodes:
              greet:
                type: play
                prompts: [welcome]
                next: nowhere
            """;

    @TempDir
    Path dir;

    private FlowLibrary load() {
        return FlowLibrary.load(Optional.of(dir), IvrFixture.PROMPTS).library();
    }

    @Test
    void directoryAddsToBundledFlows() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1);

        FlowLibrary.Loaded loaded = FlowLibrary.load(Optional.of(dir), IvrFixture.PROMPTS);

        assertThat(loaded.report().ok()).isTrue();
        assertThat(loaded.library().current().names()).contains("demo", "main-menu", "survey");
        assertThat(loaded.report().changed()).contains("demo", "main-menu");
    }

    @Test
    void brokenVersionIsRejectedAndPreviousStays() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1);
        FlowLibrary library = load();
        Files.writeString(dir.resolve("demo.yaml"), DEMO_BROKEN);

        ReloadReport report = library.reload();

        assertThat(report.rejected()).containsKey("demo");
        assertThat(report.rejected().get("demo")).extracting(FlowProblem::code).contains("unknown-target");
        assertThat(report.describeRejections()).contains("demo.yaml:7:11: error [unknown-target]");
        assertThat(library.current().flow("demo").orElseThrow().node("bye")).isPresent();
        assertThat(report.changed()).isEmpty();
    }

    @Test
    void validNewVersionReplacesPrevious() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1);
        FlowLibrary library = load();
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V2);

        ReloadReport report = library.reload();

        assertThat(report.ok()).isTrue();
        assertThat(report.changed()).containsExactly("demo");
        assertThat(library.current().flow("demo").orElseThrow().node("agent").orElseThrow())
                .isInstanceOf(FlowNode.Transfer.class);
    }

    @Test
    void versionBreakingAnotherFlowIsRejected() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1);
        Files.writeString(dir.resolve("user.yaml"), """
                flow: user
                start: call
                nodes:
                  call:
                    type: sub-flow
                    flow: demo
                    next: bye
                  bye:
                    type: hangup
                """);
        FlowLibrary library = load();
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1.replace("demo", "renamed"));
        Files.move(dir.resolve("demo.yaml"), dir.resolve("renamed.yaml"));

        ReloadReport report = library.reload();

        assertThat(report.rejected()).containsKey("demo");
        assertThat(report.rejected().get("demo")).extracting(FlowProblem::code).containsExactly("flow-still-used");
        assertThat(library.current().names()).contains("demo", "renamed", "user");
    }

    @Test
    void replacedBundledFlowWithErrorsKeepsBundledVersion() throws IOException {
        Files.writeString(dir.resolve("main-menu.yaml"), DEMO_BROKEN.replace("flow: demo", "flow: main-menu"));

        FlowLibrary.Loaded loaded = FlowLibrary.load(Optional.of(dir), IvrFixture.PROMPTS);

        assertThat(loaded.report().rejected()).containsKey("main-menu");
        assertThat(loaded.library().current().flow("main-menu")).isEmpty();
        assertThat(loaded.library().current().names()).contains("survey", "ticket-lookup");
    }

    @Test
    void runningCallKeepsItsVersion() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V1);
        Clock clock = IvrFixture.at("2026-12-04T10:00");
        IvrRuntime runtime = IvrRuntime.start(IvrOptions.builder().flowsDir(dir).build(), clock);
        FlowEngine before = runtime.engine();
        Files.writeString(dir.resolve("demo.yaml"), DEMO_V2);

        ReloadReport report = runtime.reload();
        IvrResult old = before.run("demo", IvrFixture.call(IvrFixture.CALLER), ScriptedCaller.of(""),
                new SimulatedServices(clock, IvrFixture.SHANGHAI));
        IvrResult fresh = runtime.run("demo", IvrFixture.call(IvrFixture.CALLER), ScriptedCaller.of(""),
                new SimulatedServices(clock, IvrFixture.SHANGHAI));

        assertThat(report.changed()).containsExactly("demo");
        assertThat(old.outcome()).isEqualTo(IvrResult.Outcome.HANGUP);
        assertThat(fresh.outcome()).isEqualTo(IvrResult.Outcome.TRANSFER);
    }

    @Test
    void runtimeReloadKeepsCatalogueWhenBroken() throws IOException {
        Path prompts = dir.resolve("prompts.yaml");
        Files.writeString(prompts, Files.readString(Path.of(System.getProperty("yikou.repo.dir", ".."))
                .resolve("ivr-scripts/src/main/resources/io/yikou/ivr/prompts/prompts.yaml")));
        IvrRuntime runtime = IvrRuntime.start(IvrOptions.builder().promptsFile(prompts).build(), Clock.systemUTC());
        Files.writeString(prompts, "welcome:\n  zh-CN: 您好\n");

        ReloadReport report = runtime.reload();

        assertThat(report.rejected()).containsKey("prompts");
        assertThat(runtime.engine().prompts().contains("main-menu")).isTrue();
        assertThat(runtime.flowNames()).contains("main-menu");
    }

    @Test
    void brokenHolidayFileFailsStart() throws IOException {
        Path holidays = dir.resolve("cn-2027.yaml");
        Files.writeString(holidays, "year: 2027\nsource: test\nholidays:\n  - name: 春节\n    from: 2027-02-31\n    to: 2027-02-06\n");

        assertThatThrownBy(() -> IvrRuntime.start(IvrOptions.builder().holidayFiles(List.of(holidays)).build(),
                Clock.systemUTC()))
                .isInstanceOf(FlowValidationException.class)
                .hasMessageContaining("cn-2027.yaml:5:11: error [invalid-date]");
    }

    @Test
    void optionsRejectOutOfRangeValues() {
        assertThatThrownBy(() -> IvrOptions.builder().maxSteps(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSteps: 5 (expected 10 to 100000)");
        assertThatThrownBy(() -> IvrOptions.builder().soundPrefix("../etc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soundPrefix: ../etc");
    }
}
