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
}
