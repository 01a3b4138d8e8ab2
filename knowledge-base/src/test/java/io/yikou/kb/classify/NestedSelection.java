package io.yikou.kb.classify;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Chooses among candidate settings by nested cross-validation and scores the choice on the outer folds of
 * {@code yikou kb cross-validate-classifier}. Inside each outer training part, a 4-fold group-aware inner
 * cross-validation scores every candidate by the mean of its macro-F1 with and without titles. The winner,
 * trained on the whole training part, classifies the outer test fold, so no outer test message influences
 * the choice. Every candidate's own outer-fold figures are printed as well. Results are in
 * {@code docs/benchmarks.md}.
 *
 * <p>Arguments: the labelled CSV file, then optionally the number of threads (default 2).
 */
final class NestedSelection {

    private NestedSelection() {
    }

    /** Candidates: the default and the near-misses of earlier rounds, alone and combined. */
    static Map<String, TrainingSettings> candidates() {
        Map<String, TrainingSettings> candidates = new LinkedHashMap<>();
        candidates.put("default", ClassifierDefaults.settings());
        candidates.put("C 0.5", settings(60, 3, 0.5));
        candidates.put("opening 40", settings(40, 3, 1.0));
        candidates.put("all 1-4", settings(60, 4, 1.0));
        candidates.put("C 0.5 + opening 40 + all 1-4", settings(40, 4, 0.5));
        return candidates;
    }

    private static TrainingSettings settings(int openingChars, int maxN, double c) {
        FeatureSettings features = new FeatureSettings(List.of(
                new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, maxN, 1.0),
                new FeatureBlock("words", FeatureBlock.Source.ALL, FeatureBlock.Kind.WORDS, 1, 2, 1.0),
                new FeatureBlock("title", FeatureBlock.Source.TITLE, FeatureBlock.Kind.CHARS, 1, 3, 1.0),
                new FeatureBlock("opening", FeatureBlock.Source.OPENING, FeatureBlock.Kind.CHARS, 1, 3, 0.7,
                        openingChars)), 3);
        return new TrainingSettings(features, List.of(new SolverSettings(SolverSettings.Solver.SVM, c, 1.0, true)), 5.0);
    }

    private record FoldOutcome(String chosen, Map<String, String[][]> predictions) {
    }

    public static void main(String[] args) throws Exception {
        List<LabelledText> rows = LabelledCsv.read(Path.of(args[0])).rows();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Map<String, TrainingSettings> candidates = candidates();
        int[] folds = new CrossValidator(5, 20_240_601L, 1).assignFolds(rows);

        List<String> expected = new ArrayList<>();
        List<String> chosenWithTitle = new ArrayList<>();
        List<String> chosenBodyOnly = new ArrayList<>();
        Map<String, List<List<String>>> perCandidate = new LinkedHashMap<>();
        candidates.keySet().forEach(name -> perCandidate.put(name, List.of(new ArrayList<>(), new ArrayList<>())));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // A failed fold must not leave the other fold threads running after main ends.
        try {
            List<Future<FoldOutcome>> outcomes = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                int fold = f;
                outcomes.add(pool.submit(() -> outerFold(rows, folds, fold, candidates)));
            }

            for (int f = 0; f < 5; f++) {
                FoldOutcome outcome = outcomes.get(f).get();
                System.out.printf("outer fold %d chose %s%n", f, outcome.chosen());
                int next = 0;
                for (int i = 0; i < rows.size(); i++) {
                    if (folds[i] != f) {
                        continue;
                    }
                    expected.add(rows.get(i).label());
                    for (String name : candidates.keySet()) {
                        String[][] predicted = outcome.predictions().get(name);
                        perCandidate.get(name).get(0).add(predicted[0][next]);
                        perCandidate.get(name).get(1).add(predicted[1][next]);
                    }
                    chosenWithTitle.add(outcome.predictions().get(outcome.chosen())[0][next]);
                    chosenBodyOnly.add(outcome.predictions().get(outcome.chosen())[1][next]);
                    next++;
                }
            }
        } finally {
            pool.shutdownNow();
        }

        for (String name : candidates.keySet()) {
            print(name, expected, perCandidate.get(name).get(0), perCandidate.get(name).get(1));
        }
        print("nested selection", expected, chosenWithTitle, chosenBodyOnly);
    }

    private static void print(String name, List<String> expected, List<String> withTitle, List<String> bodyOnly) {
        ClassificationReport pooled = ClassificationReport.of(expected, withTitle);
        ClassificationReport body = ClassificationReport.of(expected, bodyOnly);
        System.out.printf(Locale.ROOT, "%-32s macro-F1 %.4f accuracy %.4f | titles removed %.4f %.4f%n", name,
                pooled.macroF1(), pooled.accuracy(), body.macroF1(), body.accuracy());
    }

    private static FoldOutcome outerFold(List<LabelledText> rows, int[] folds, int fold,
                                         Map<String, TrainingSettings> candidates) {
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (folds[i] == fold ? test : train).add(rows.get(i));
        }
        String chosen = null;
        double best = Double.NEGATIVE_INFINITY;
        for (CrossValidator.Result inner : new CrossValidator(4, 20_240_601L, 1).run(train, candidates)) {
            double score = (inner.pooled().macroF1() + inner.bodyOnly().macroF1()) / 2;
            System.out.printf(Locale.ROOT, "outer fold %d inner %-32s %.4f%n", fold, inner.name(), score);
            if (score > best) {
                best = score;
                chosen = inner.name();
            }
        }
        Map<String, String[][]> predictions = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingSettings> candidate : candidates.entrySet()) {
            CategoryModel model = new ClassifierTrainer(Clock.systemUTC()).train(train, candidate.getValue(), "", "");
            String[][] predicted = new String[2][test.size()];
            for (int i = 0; i < test.size(); i++) {
                predicted[0][i] = model.predict(test.get(i).title(), test.get(i).detail());
                predicted[1][i] = model.predict("", test.get(i).detail());
            }
            predictions.put(candidate.getKey(), predicted);
        }
        return new FoldOutcome(chosen, predictions);
    }
}
