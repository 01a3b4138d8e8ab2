package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    @Test
    void computesPerLabelAndMacroFigures() {
        List<String> expected = List.of("a", "a", "a", "b", "b", "c");
        List<String> predicted = List.of("a", "a", "b", "b", "c", "c");

        ClassificationReport report = ClassificationReport.of(expected, predicted);

        ClassificationReport.LabelScores a = report.labels().get(0);
        assertThat(a.precision()).isCloseTo(1.0, offset(1e-9));
        assertThat(a.recall()).isCloseTo(2.0 / 3, offset(1e-9));
        assertThat(a.support()).isEqualTo(3);
        ClassificationReport.LabelScores c = report.labels().get(2);
        assertThat(c.precision()).isCloseTo(0.5, offset(1e-9));
        assertThat(c.f1()).isCloseTo(2 * 0.5 / 1.5, offset(1e-9));
        double macro = (0.8 + 0.5 + 2.0 / 3) / 3;
        assertThat(report.macroF1()).isCloseTo(macro, offset(1e-9));
        assertThat(report.accuracy()).isCloseTo(4.0 / 6, offset(1e-9));
    }

    @Test
    void lastLineHasFixedFormat() {
        ClassificationReport report = ClassificationReport.of(List.of("城乡建设", "教育文体"), List.of("城乡建设", "城乡建设"));

        String[] lines = report.format().split("\n");

        assertThat(lines[lines.length - 1]).isEqualTo("macro-F1 0.333 accuracy 0.500");
        assertThat(lines[0]).startsWith("label");
    }
}
