package io.yikou.ivr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IvrCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new IvrCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validateBundledFlowsPasses() {
        int code = run("validate");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("5 flows checked: 0 errors, 0 warnings");
    }

    @Test
    void validateReportsFileAndLine() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "flow: bad\nstart: a\nnodes:\n  a:\n    type: play\n    prompts: [welcome]\n    next: b\n");

        int code = run("validate", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains(file + ":7:11: error [unknown-target] node 'a' (next) names 'b'")
                .contains("6 flows checked: 1 errors, 0 warnings");
    }

    @Test
    void simulatePrintsChineseTraceAndVariables() {
        int code = run("simulate", "main-menu", "--digits", "1,1", "--at", "2026-12-04T10:00");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("▶ main-menu/welcome（play，main-menu.yaml:16:3）")
                .contains("时间 2026-12-04T10:00，工作日，人工服务时间内")
                .contains("结果：transfer")
                .contains("　队列 hotline，优先级 0")
                .contains("    YIKOU_QUEUE=hotline")
                .contains("通道变量 YIKOU_TOPIC = report");
    }

    @Test
    void simulatePrintsEnglishTrace() {
        int code = run("simulate", "main-menu", "--digits", "2,0", "--at", "2026-02-14T10:00", "--trace-language", "en");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("  time 2026-02-14T10:00, make-up working day (Spring Festival), within opening hours")
                .contains("play main-menu: \"To report a problem")
                .contains("Result: transfer").contains("queue hotline-en, priority 0");
    }

    @Test
    void simulateElderlyCallerUsesSlowMode() {
        int code = run("simulate", "main-menu", "--elderly", "--digits", "T,0", "--at", "2026-12-04T10:00");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("老年人模式 开").contains("队列 hotline，优先级 10");
    }

    @Test
    void simulateSurveyWithTicketVariable() {
        int code = run("simulate", "survey", "--digits", "3", "--variable", "YIKOU_TICKET=96010-20261204-000123");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("recordSurvey：dissatisfied for 96010-20261204-000123")
                .contains("满意度评价 dissatisfied (不满意)");
    }

    @Test
    void simulateFlowFile() throws IOException {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, "flow: tiny\nstart: bye\nnodes:\n  bye:\n    type: hangup\n    prompts: [goodbye]\n");

        int code = run("simulate", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("播放 goodbye：“感谢您的来电，再见。”").contains("结果：hangup");
    }

    @Test
    void simulateRejectsBadDigits() {
        int code = run("simulate", "main-menu", "--digits", "1x");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid character 'x' at position 2");
    }

    @Test
    void simulateRejectsUnknownFlow() {
        int code = run("simulate", "no-such-flow");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Flow 'no-such-flow' is not loaded; loaded flows: after-hours");
    }
}
