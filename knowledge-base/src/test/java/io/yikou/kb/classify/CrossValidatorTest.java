package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossValidatorTest {

    @Test
    void groupsStayInOneFold() {
        List<LabelledText> examples = new ArrayList<>(TrainingExamples.threeLabels());
        examples.add(new LabelledText("同一个标题", "第一条的正文", "城乡建设", 0));
        examples.add(new LabelledText("同一个标题", "另一条完全不同的正文", "城乡建设", 0));
        examples.add(new LabelledText("标题甲", "开头六十个字符相同的正文", "教育文体", 0));
        examples.add(new LabelledText("标题乙", "开头六十个字符相同的正文", "教育文体", 0));
        int n = examples.size();

        int[] folds = new CrossValidator(3, 20240601L, 1).assignFolds(examples);

        assertThat(folds[n - 4]).isEqualTo(folds[n - 3]);
        assertThat(folds[n - 2]).isEqualTo(folds[n - 1]);
    }

    @Test
    void scoresEveryMessageWithAndWithoutItsTitle() {
        // Only the titles tell the labels apart; the bodies are the same request with a serial number.
        List<LabelledText> examples = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "请有关部门尽快处理，谢谢。编号" + i;
            examples.add(new LabelledText("小区电梯坏了物业不修" + i, body + "甲", "城乡建设", 0));
            examples.add(new LabelledText("孩子入学学位不够分配" + i, body + "乙", "教育文体", 0));
        }

        CrossValidator.Result result = new CrossValidator(3, 20240601L, 1)
                .run(examples, Map.of("baseline", TrainingSettings.baseline())).get(0);

        assertThat(result.foldMacroF1()).hasSize(3);
        assertThat(result.pooled().labels()).extracting(ClassificationReport.LabelScores::support).containsOnly(12);
        assertThat(result.bodyOnly().labels()).extracting(ClassificationReport.LabelScores::support).containsOnly(12);
        assertThat(result.pooled().macroF1()).isGreaterThan(0.9);
        assertThat(result.bodyOnly().macroF1()).isLessThan(result.pooled().macroF1() - 0.2);
    }

    @Test
    void withoutOverlapDropsCopiesOfLabelledMessages() {
        List<LabelledText> labelled = List.of(new LabelledText("小区电梯坏了", "电梯停运一个月", "城乡建设", 0));
        List<LabelledText> extra = List.of(
                new LabelledText("小区电梯坏了", "另一段正文", "城乡建设", 0),
                new LabelledText("别的标题", "电梯停运一个月", "城乡建设", 0),
                new LabelledText("学校乱收费", "学校收取资料费", "教育文体", 0),
                new LabelledText("学校乱收费", "同一标题的第二条", "教育文体", 0));

        List<LabelledText> kept = CrossValidator.withoutOverlap(extra, labelled);

        assertThat(kept).containsExactly(extra.get(2));
    }

    @Test
    void extraExamplesTrainedButNotScored() {
        List<LabelledText> labelled = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            labelled.add(new LabelledText("", "电梯坏了" + i, "城乡建设", 0));
            labelled.add(new LabelledText("", "学位不够" + i, "教育文体", 0));
        }
        // Many extra examples with the labels swapped outweigh the labelled ones, which shows they are trained on.
        List<LabelledText> swapped = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            swapped.add(new LabelledText("", "电梯坏了" + (char) ('甲' + i), "教育文体", 0));
            swapped.add(new LabelledText("", "学位不够" + (char) ('甲' + i), "城乡建设", 0));
        }
        Map<String, TrainingSettings> baseline = Map.of("baseline", TrainingSettings.baseline());
        CrossValidator validator = new CrossValidator(3, 20240601L, 1);

        CrossValidator.Result plain = validator.run(labelled, baseline).get(0);
        CrossValidator.Result misled = validator.run(labelled, baseline, swapped, 1).get(0);

        assertThat(plain.pooled().macroF1()).isEqualTo(1.0);
        assertThat(misled.pooled().macroF1()).isLessThan(0.5);
        assertThat(misled.pooled().labels()).extracting(ClassificationReport.LabelScores::support).containsOnly(6);
    }

    @Test
    void labelledCopiesMustBePositive() {
        CrossValidator validator = new CrossValidator(3, 20240601L, 1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.run(TrainingExamples.threeLabels(),
                        Map.of("baseline", TrainingSettings.baseline()), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labelledCopies");
    }
}
