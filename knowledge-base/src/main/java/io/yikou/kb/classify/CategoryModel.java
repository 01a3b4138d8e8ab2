package io.yikou.kb.classify;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trained text classifier: a vectorizer and one or more LIBLINEAR models whose per-label scores
 * are averaged. Immutable and thread-safe: LIBLINEAR's prediction reads the model only.
 */
public final class CategoryModel {

    private final ModelMetadata metadata;
    private final TextVectorizer vectorizer;
    private final List<Model> models;
    /** For each model, the position in {@link ModelMetadata#labels()} of each of its classes. */
    private final List<int[]> labelPositions;

    CategoryModel(ModelMetadata metadata, TextVectorizer vectorizer, List<Model> models) {
        if (models.size() != metadata.settings().solvers().size()) {
            throw new IllegalArgumentException(models.size() + " models for " + metadata.settings().solvers().size()
                    + " solver settings");
        }
        this.metadata = metadata;
        this.vectorizer = vectorizer;
        this.models = List.copyOf(models);
        this.labelPositions = new ArrayList<>();
        for (Model model : models) {
            int[] classes = model.getLabels();
            if (classes.length != metadata.labels().size()) {
                throw new IllegalArgumentException("a model knows " + classes.length + " classes but the metadata lists "
                        + metadata.labels().size() + " labels");
            }
            int[] positions = new int[classes.length];
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] < 0 || classes[i] >= classes.length) {
                    throw new IllegalArgumentException("model class id " + classes[i] + " is outside 0.."
                            + (classes.length - 1));
                }
                positions[i] = classes[i];
            }
            labelPositions.add(positions);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public List<String> labels() {
        return metadata.labels();
    }

    TextVectorizer vectorizer() {
        return vectorizer;
    }

    List<Model> models() {
        return models;
    }

    /** Returns every label's score for a message, in {@link #labels()} order; the scores sum to 1. */
    public double[] scores(String title, String detail) {
        Feature[] vector = ClassifierTrainer.withBias(vectorizer.transform(title, detail), vectorizer.size() + 1);
        int labelCount = metadata.labels().size();
        double[] combined = new double[labelCount];
        double totalWeight = 0;
        for (int m = 0; m < models.size(); m++) {
            SolverSettings solver = metadata.settings().solvers().get(m);
            double[] values = new double[labelCount];
            Model model = models.get(m);
            if (solver.solver() == SolverSettings.Solver.LOGISTIC) {
                Linear.predictProbability(model, vector, values);
            } else {
                Linear.predictValues(model, vector, values);
                if (labelCount == 2) {
                    // LIBLINEAR keeps one decision value for two classes: positive favours the first.
                    values[1] = -values[0];
                }
                softmax(values, metadata.settings().softmaxScale());
            }
            int[] positions = labelPositions.get(m);
            for (int i = 0; i < labelCount; i++) {
                combined[positions[i]] += solver.weight() * values[i];
            }
            totalWeight += solver.weight();
        }
        for (int i = 0; i < labelCount; i++) {
            combined[i] /= totalWeight;
        }
        return combined;
    }

    /** Returns the best {@code limit} labels for a message, highest score first. */
    public List<ScoredLabel> suggest(String title, String detail, int limit) {
        double[] scores = scores(title, detail);
        List<ScoredLabel> ranked = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            ranked.add(new ScoredLabel(metadata.labels().get(i), scores[i]));
        }
        ranked.sort(Comparator.comparingDouble(ScoredLabel::score).reversed());
        return List.copyOf(ranked.subList(0, Math.min(limit, ranked.size())));
    }

    /** Returns the best label for a message. */
    public String predict(String title, String detail) {
        double[] scores = scores(title, detail);
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return metadata.labels().get(best);
    }

    private static void softmax(double[] values, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value * scale);
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(values[i] * scale - max);
            sum += values[i];
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= sum;
        }
    }
}
