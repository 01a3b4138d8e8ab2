package io.yikou.kb.classify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stratified, group-aware k-fold cross-validation. Messages that share a normalised title or the
 * first 60 characters of their body form one group and always land in the same fold, so a repost
 * of a training message never inflates the test score. Groups are spread so that each fold holds a
 * similar share of every label. Every configuration is scored on the same folds.
 *
 * <p>Each test message is classified twice: as it is, and with its title removed. Hotline tickets have no
 * title, so the second figure is the one that tells how the model does on them.
 */
public final class CrossValidator {

    /** Length of the body prefix that ties two messages into one group. */
    private static final int GROUP_PREFIX = 60;

    private final int folds;
    private final long seed;
    private final int threads;

    /**
     * @param folds   number of folds, from 2 to the number of examples
     * @param seed    seed of the fold assignment
     * @param threads folds trained in parallel, at least 1
     */
    public CrossValidator(int folds, long seed, int threads) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, was " + folds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.folds = folds;
        this.seed = seed;
        this.threads = threads;
    }

    /**
     * Result of one configuration: the report over all folds' predictions, each fold's macro-F1, and the
     * report over all folds' predictions for the same test messages with their titles removed.
     */
    public record Result(String name, ClassificationReport pooled, List<Double> foldMacroF1,
                         ClassificationReport bodyOnly) {

        /** Mean of the folds' macro-F1. */
        public double meanMacroF1() {
            return foldMacroF1.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** Sample standard deviation of the folds' macro-F1. */
        public double stdMacroF1() {
            double mean = meanMacroF1();
            double squares = foldMacroF1.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return Math.sqrt(squares / Math.max(1, foldMacroF1.size() - 1));
        }
    }

    /** Returns each example's fold, from 0 to {@code folds - 1}. */
    public int[] assignFolds(List<LabelledText> examples) {
        if (examples.size() < folds) {
            throw new IllegalArgumentException(folds + " folds need at least " + folds + " examples, got "
                    + examples.size());
        }
        List<List<Integer>> groups = groups(examples);
        Collections.shuffle(groups, new Random(seed));
        // Large groups first, each into the fold that contains the fewest examples of its label so far.
        groups.sort((a, b) -> Integer.compare(b.size(), a.size()));
        Map<String, int[]> perLabel = new HashMap<>();
        int[] sizes = new int[folds];
        int[] assignment = new int[examples.size()];
        for (List<Integer> group : groups) {
            String label = examples.get(group.get(0)).label();
            int[] counts = perLabel.computeIfAbsent(label, l -> new int[folds]);
            int best = 0;
            for (int f = 1; f < folds; f++) {
                if (counts[f] < counts[best] || (counts[f] == counts[best] && sizes[f] < sizes[best])) {
                    best = f;
                }
            }
            for (int member : group) {
                assignment[member] = best;
            }
            counts[best] += group.size();
            sizes[best] += group.size();
        }
        return assignment;
    }

    /** Trains and scores every configuration on the same folds. */
    public List<Result> run(List<LabelledText> examples, Map<String, TrainingSettings> configurations) {
        return run(examples, configurations, List.of(), 1);
    }

    /**
     * Trains and scores every configuration on the same folds, adding {@code extraTraining} to every fold's
     * training part. Extra examples are never scored. Pass them through {@link #withoutOverlap} first, so
     * that no copy of a test message is trained on.
     *
     * @param labelledCopies how many times each labelled training example is repeated, at least 1; with the
     *                       SVM's dual solver this weighs it that many times as much as an extra example
     */
    public List<Result> run(List<LabelledText> examples, Map<String, TrainingSettings> configurations,
                            List<LabelledText> extraTraining, int labelledCopies) {
        if (labelledCopies < 1) {
            throw new IllegalArgumentException("labelledCopies must be at least 1, was " + labelledCopies);
        }
        int[] assignment = assignFolds(examples);
        List<Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Map.Entry<String, TrainingSettings> configuration : configurations.entrySet()) {
                List<Future<FoldPredictions>> predictions = new ArrayList<>();
                for (int f = 0; f < folds; f++) {
                    int fold = f;
                    predictions.add(pool.submit(() -> predictFold(examples, assignment, fold,
                            configuration.getValue(), extraTraining, labelledCopies)));
                }
                List<String> expected = new ArrayList<>(Collections.nCopies(examples.size(), (String) null));
                List<String> predicted = new ArrayList<>(Collections.nCopies(examples.size(), (String) null));
                List<String> predictedBodyOnly = new ArrayList<>(Collections.nCopies(examples.size(), (String) null));
                List<Double> foldScores = new ArrayList<>();
                for (int f = 0; f < folds; f++) {
                    FoldPredictions foldPredictions = predictions.get(f).get();
                    List<String> foldExpected = new ArrayList<>();
                    int next = 0;
                    for (int i = 0; i < examples.size(); i++) {
                        if (assignment[i] == f) {
                            expected.set(i, examples.get(i).label());
                            predictedBodyOnly.set(i, foldPredictions.bodyOnly().get(next));
                            predicted.set(i, foldPredictions.withTitle().get(next++));
                            foldExpected.add(examples.get(i).label());
                        }
                    }
                    foldScores.add(ClassificationReport.of(foldExpected, foldPredictions.withTitle()).macroF1());
                }
                results.add(new Result(configuration.getKey(), ClassificationReport.of(expected, predicted),
                        List.copyOf(foldScores), ClassificationReport.of(expected, predictedBodyOnly)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-validation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cross-validation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** One fold's predictions, in example order: with titles, and with titles removed. */
    private record FoldPredictions(List<String> withTitle, List<String> bodyOnly) {
    }

    private static FoldPredictions predictFold(List<LabelledText> examples, int[] assignment, int fold,
                                               TrainingSettings settings, List<LabelledText> extraTraining,
                                               int labelledCopies) {
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (assignment[i] == fold) {
                test.add(examples.get(i));
            } else {
                for (int copy = 0; copy < labelledCopies; copy++) {
                    train.add(examples.get(i));
                }
            }
        }
        train.addAll(extraTraining);
        CategoryModel model = new ClassifierTrainer(Clock.systemUTC()).train(train, settings, "fold-" + fold, "");
        List<String> predictions = new ArrayList<>(test.size());
        List<String> bodyOnly = new ArrayList<>(test.size());
        for (LabelledText example : test) {
            predictions.add(model.predict(example.title(), example.detail()));
            bodyOnly.add(model.predict("", example.detail()));
        }
        return new FoldPredictions(predictions, bodyOnly);
    }

    /**
     * Returns the extra examples that share neither a normalised title nor a body prefix with any of
     * {@code examples}, nor with an earlier extra example, the same keys that tie messages into one group.
     */
    public static List<LabelledText> withoutOverlap(List<LabelledText> extra, List<LabelledText> examples) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LabelledText example : examples) {
            seen.addAll(groupKeys(example));
        }
        List<LabelledText> kept = new ArrayList<>();
        for (LabelledText candidate : extra) {
            List<String> keys = groupKeys(candidate);
            if (keys.stream().noneMatch(seen::contains)) {
                kept.add(candidate);
            }
            seen.addAll(keys);
        }
        return kept;
    }

    private static List<String> groupKeys(LabelledText example) {
        String title = TextNormalizer.normalize(example.title());
        String body = TextNormalizer.normalize(example.detail());
        List<String> keys = new ArrayList<>();
        if (!title.isEmpty()) {
            keys.add("t:" + title);
        }
        if (!body.isEmpty()) {
            keys.add("d:" + body.substring(0, Math.min(GROUP_PREFIX, body.length())));
        }
        return keys;
    }

    /** Groups examples that share a normalised title or body prefix, with a union-find over both keys. */
    private static List<List<Integer>> groups(List<LabelledText> examples) {
        int[] parent = new int[examples.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstWithKey = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            for (String key : groupKeys(examples.get(i))) {
                Integer other = firstWithKey.putIfAbsent(key, i);
                if (other != null) {
                    parent[find(parent, i)] = find(parent, other);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byRoot.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byRoot.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
