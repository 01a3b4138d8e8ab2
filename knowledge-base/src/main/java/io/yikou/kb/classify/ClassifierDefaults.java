package io.yikou.kb.classify;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings {@code yikou kb train-classifier} uses, chosen by cross-validation on the provincial
 * message-board data (results in {@code docs/benchmarks.md}).
 */
public final class ClassifierDefaults {

    private ClassifierDefaults() {
    }

    /** Characters of the body's opening read by the {@code opening} block. */
    static final int OPENING_CHARS = 60;

    public static TrainingSettings settings() {
        FeatureSettings features = new FeatureSettings(List.of(
                new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, 3, 1.0),
                new FeatureBlock("words", FeatureBlock.Source.ALL, FeatureBlock.Kind.WORDS, 1, 2, 1.0),
                new FeatureBlock("title", FeatureBlock.Source.TITLE, FeatureBlock.Kind.CHARS, 1, 3, 1.0),
                new FeatureBlock("opening", FeatureBlock.Source.OPENING, FeatureBlock.Kind.CHARS, 1, 3, 0.7,
                        OPENING_CHARS)), 3);
        return new TrainingSettings(features,
                List.of(new SolverSettings(SolverSettings.Solver.SVM, 1.0, 1.0, true)), 5.0);
    }

    /** Describes the default settings in one line. */
    public static String describe() {
        TrainingSettings settings = settings();
        return settings.features().blocks().stream().map(FeatureBlock::describe).collect(Collectors.joining(", "))
                + ", min df " + settings.features().minDocumentFrequency() + ", "
                + settings.solvers().stream().map(s -> s.solver() + " C=" + s.c() + (s.balanceLabels() ? " balanced" : ""))
                .collect(Collectors.joining(" + "));
    }
}
