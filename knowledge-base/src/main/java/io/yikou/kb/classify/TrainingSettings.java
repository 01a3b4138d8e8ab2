package io.yikou.kb.classify;

import java.util.List;

/**
 * Everything that decides how a classifier is trained.
 *
 * @param features      how texts become vectors
 * @param solvers       linear models whose scores are averaged, at least one
 * @param softmaxScale  factor applied to SVM decision values before the softmax that turns them into
 *                      scores; larger makes scores more confident without changing the ranking
 */
public record TrainingSettings(FeatureSettings features, List<SolverSettings> solvers, double softmaxScale) {

    public TrainingSettings {
        solvers = List.copyOf(solvers);
        if (solvers.isEmpty()) {
            throw new IllegalArgumentException("at least one solver is required");
        }
        if (!(softmaxScale > 0)) {
            throw new IllegalArgumentException("softmaxScale must be greater than 0, was " + softmaxScale);
        }
    }

    /** Returns the comparison baseline: TF-IDF character 1- to 3-grams and one linear SVM with C = 1. */
    public static TrainingSettings baseline() {
        return new TrainingSettings(FeatureSettings.baseline(),
                List.of(new SolverSettings(SolverSettings.Solver.SVM, 1.0, 1.0)), 5.0);
    }
}
