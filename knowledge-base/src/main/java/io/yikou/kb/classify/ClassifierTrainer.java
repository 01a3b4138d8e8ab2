package io.yikou.kb.classify;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains a {@link CategoryModel} from labelled examples. Training is deterministic: the same
 * examples and settings give the same model. Thread-safe; each call works on its own data.
 */
public final class ClassifierTrainer {

    /** Stopping tolerance of the LIBLINEAR solvers (LIBLINEAR's default for these solvers is 0.1 and 0.01). */
    private static final double EPSILON = 0.01;
    private static final long SEED = 20_240_601L;

    static {
        Linear.disableDebugOutput();
    }

    private final Clock clock;

    public ClassifierTrainer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Trains on {@code examples}.
     *
     * @param trainingFile   name recorded in the metadata
     * @param trainingSha256 hash of the training data recorded in the metadata
     * @throws InvalidTrainingDataException when fewer than two labels occur
     */
    public CategoryModel train(List<LabelledText> examples, TrainingSettings settings, String trainingFile,
                               String trainingSha256) {
        Map<String, Integer> counts = new TreeMap<>();
        for (LabelledText example : examples) {
            counts.merge(example.label(), 1, Integer::sum);
        }
        if (counts.size() < 2) {
            throw new InvalidTrainingDataException("training needs at least two labels, found " + counts.keySet());
        }
        List<String> labels = List.copyOf(counts.keySet());

        // A repeated example object weighs more in the solver but counts once in the document frequencies.
        List<LabelledText> distinct = new ArrayList<>();
        Set<LabelledText> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LabelledText example : examples) {
            if (seen.add(example)) {
                distinct.add(example);
            }
        }
        TextVectorizer vectorizer = TextVectorizer.fit(distinct, settings.features());
        Problem problem = new Problem();
        problem.l = examples.size();
        problem.n = vectorizer.size() + 1;
        problem.bias = 1;
        problem.x = new Feature[examples.size()][];
        problem.y = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            LabelledText example = examples.get(i);
            problem.x[i] = withBias(vectorizer.transform(example.title(), example.detail()), problem.n);
            problem.y[i] = labels.indexOf(example.label());
        }

        List<Model> models = new ArrayList<>();
        for (SolverSettings solver : settings.solvers()) {
            SolverType type = switch (solver.solver()) {
                case SVM -> SolverType.L2R_L2LOSS_SVC_DUAL;
                case LOGISTIC -> SolverType.L2R_LR;
            };
            Parameter parameter = new Parameter(type, solver.c(), EPSILON);
            parameter.setRandom(new Random(SEED));
            if (solver.balanceLabels()) {
                double[] weights = new double[labels.size()];
                int[] classes = new int[labels.size()];
                for (int i = 0; i < labels.size(); i++) {
                    classes[i] = i;
                    weights[i] = (double) examples.size() / (labels.size() * counts.get(labels.get(i)));
                }
                parameter.setWeights(weights, classes);
            }
            models.add(Linear.train(problem, parameter));
        }
        ModelMetadata metadata = new ModelMetadata(ModelFile.FORMAT_VERSION, labels, counts, clock.instant(),
                trainingFile, trainingSha256, examples.size(), settings, vectorizer.size(), ModelFile.CREATED_BY);
        return new CategoryModel(metadata, vectorizer, models);
    }

    /** Appends the bias term LIBLINEAR expects as the last feature when {@code Problem.bias >= 0}. */
    static Feature[] withBias(Feature[] vector, int biasIndex) {
        Feature[] extended = java.util.Arrays.copyOf(vector, vector.length + 1);
        extended[vector.length] = new de.bwaldvogel.liblinear.FeatureNode(biasIndex, 1.0);
        return extended;
    }
}
