package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.kb.cli.KbCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClassifierCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new KbCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private Path writeExamples() throws IOException {
        StringBuilder csv = new StringBuilder("message_id,title,detail,category_l1\n");
        List<LabelledText> examples = TrainingExamples.threeLabels();
        for (int i = 0; i < examples.size(); i++) {
            LabelledText example = examples.get(i);
            csv.append(i).append(',').append(example.title()).append(",\"").append(example.detail()).append("\",")
                    .append(example.label()).append('\n');
        }
        Path file = dir.resolve("labelled.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void trainThenEvaluateEndsWithSummaryLine() throws IOException {
        Path data = writeExamples();
        Path model = dir.resolve("models/classifier.model");

        assertThat(run("train-classifier", data.toString(), "--model", model.toString())).isZero();
        assertThat(model).exists();
        assertThat(out.toString()).contains("Wrote " + model);

        assertThat(run("evaluate-classifier", data.toString(), "--model", model.toString())).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("macro-F1 \\d\\.\\d{3} accuracy \\d\\.\\d{3}");
        assertThat(out.toString()).contains("城乡建设", "教育文体", "卫生计生");
    }

    @Test
    void crossValidateReportsBothConfigurationsWithAndWithoutTitles() throws IOException {
        Path data = writeExamples();

        assertThat(run("cross-validate-classifier", data.toString(), "--folds", "3", "--threads", "1")).isZero();

        String text = out.toString();
        assertThat(text).contains("== default: ", "== baseline: ", "opening=opening60:chars1-3");
        assertThat(text.lines().filter(line -> line.matches("titles removed: macro-F1 \\d\\.\\d{3} accuracy \\d\\.\\d{3}")))
                .hasSize(2);
        assertThat(text).contains("3 folds, seed 20240601, 36 rows");
    }

    @Test
    void crossValidateWithRepliesAddsThirdConfiguration() throws IOException {
        Path data = writeExamples();
        Path replies = dir.resolve("replies.csv");
        Files.writeString(replies, """
                title,detail,reply
                小区电梯坏了,电梯停运一个月,经市住建局核实，物业已维修。
                学校乱收费,学校收取资料费,县教育局已责令学校退费。
                无部门,只是咨询,留言已收悉。
                """);

        assertThat(run("cross-validate-classifier", data.toString(), "--folds", "3", "--threads", "1",
                "--replies", replies.toString())).isZero();

        String text = out.toString();
        assertThat(text).contains(replies + ": 3 rows, 2 labelled by the department rule, 2 kept");
        assertThat(text).contains("== default: ", "== baseline: ", "== default + replies: ");
        assertThat(text.lines().filter(line -> line.startsWith("titles removed: macro-F1"))).hasSize(3);
    }

    @Test
    void evaluateWithMissingModelFails() throws IOException {
        Path data = writeExamples();
        Path model = dir.resolve("none.model");

        assertThat(run("evaluate-classifier", data.toString(), "--model", model.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(model.toString()).contains("does not exist");
    }

    @Test
    void trainWithBadFileNamesLine() throws IOException {
        Path data = dir.resolve("bad.csv");
        Files.writeString(data, "title,detail,category_l1\na,b,\n");

        assertThat(run("train-classifier", data.toString(), "--model", dir.resolve("x.model").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("line 2: category_l1 is empty");
    }
}
