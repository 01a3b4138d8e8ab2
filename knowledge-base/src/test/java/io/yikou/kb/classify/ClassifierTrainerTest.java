package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTrainerTest {

    private static final FeatureSettings CHARS = new FeatureSettings(List.of(
            new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, 2, 1.0)), 1);

    @Test
    void balancedLabelsLiftTheSmallLabel() {
        // Nine messages about parking against one about schooling; the query shares words with both.
        List<LabelledText> examples = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            examples.add(new LabelledText("", "小区门口停车难，车位不够第" + i + "次", "城乡建设", 0));
        }
        examples.add(new LabelledText("", "学校门口接孩子，学位不够", "教育文体", 0));
        String query = "学校门口停车难";

        double plain = schoolingScore(examples, false, query);
        double balanced = schoolingScore(examples, true, query);

        assertThat(balanced).isGreaterThan(plain);
    }

    @Test
    void repeatedExampleCountsOnceInDocumentFrequency() {
        List<LabelledText> examples = TrainingExamples.threeLabels();
        List<LabelledText> repeated = new ArrayList<>(examples);
        repeated.addAll(examples);
        TrainingSettings settings = new TrainingSettings(new FeatureSettings(CHARS.blocks(), 2),
                List.of(new SolverSettings(SolverSettings.Solver.SVM, 1.0, 1.0)), 5.0);

        CategoryModel once = new ClassifierTrainer(Clock.systemUTC()).train(examples, settings, "a.csv", "");
        CategoryModel twice = new ClassifierTrainer(Clock.systemUTC()).train(repeated, settings, "a.csv", "");

        assertThat(twice.vectorizer().size()).isEqualTo(once.vectorizer().size());
        for (int i = 0; i < once.vectorizer().size(); i++) {
            assertThat(twice.vectorizer().idf(i)).isEqualTo(once.vectorizer().idf(i));
        }
        assertThat(twice.metadata().trainingRows()).isEqualTo(2 * examples.size());
    }

    @Test
    void trainingIsDeterministic() {
        List<LabelledText> examples = TrainingExamples.threeLabels();
        TrainingSettings settings = ClassifierDefaults.settings();

        CategoryModel first = new ClassifierTrainer(Clock.systemUTC()).train(examples, settings, "a.csv", "");
        CategoryModel second = new ClassifierTrainer(Clock.systemUTC()).train(examples, settings, "a.csv", "");

        assertThat(second.scores("", "电梯坏了物业不修")).containsExactly(first.scores("", "电梯坏了物业不修"));
    }

    private static double schoolingScore(List<LabelledText> examples, boolean balance, String query) {
        TrainingSettings settings = new TrainingSettings(CHARS,
                List.of(new SolverSettings(SolverSettings.Solver.SVM, 1.0, 1.0, balance)), 5.0);
        CategoryModel model = new ClassifierTrainer(Clock.systemUTC()).train(examples, settings, "a.csv", "");
        return model.scores("", query)[model.labels().indexOf("教育文体")];
    }
}
