package io.yikou.kb.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cross-validates the default classifier settings against the variants tried while choosing them, on the
 * same folds as {@code yikou kb cross-validate-classifier}, and prints one line per variant: pooled macro-F1
 * and accuracy, the same with titles removed, and the folds' macro-F1 mean and standard deviation. Results and
 * the command are in {@code docs/benchmarks.md}.
 *
 * <p>Arguments: the labelled CSV file, then optionally the fold seed (default 20240601), the number of
 * threads (default 2) and {@code core} to run only the default, the baseline and the previous default.
 */
final class ClassifierVariants {

    private static final String PREVIOUS = "previous default (no opening, unweighted)";

    private ClassifierVariants() {
    }

    public static void main(String[] args) {
        List<LabelledText> rows = LabelledCsv.read(Path.of(args[0])).rows();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20_240_601L;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Map<String, TrainingSettings> variants = variants();
        if (args.length > 3 && args[3].equals("core")) {
            variants.keySet().retainAll(List.of("default", "baseline", PREVIOUS));
        }
        List<CrossValidator.Result> results = new CrossValidator(5, seed, threads).run(rows, variants);
        System.out.printf(Locale.ROOT, "%d rows, 5 folds, seed %d%n", rows.size(), seed);
        for (CrossValidator.Result result : results) {
            System.out.printf(Locale.ROOT, "%-44s macro-F1 %.3f accuracy %.3f | titles removed %.3f %.3f | folds %.3f ± %.3f%n",
                    result.name(), result.pooled().macroF1(), result.pooled().accuracy(), result.bodyOnly().macroF1(),
                    result.bodyOnly().accuracy(), result.meanMacroF1(), result.stdMacroF1());
        }
    }

    /** Returns the default, the baseline, the previous default, and the default with one change each. */
    static Map<String, TrainingSettings> variants() {
        Map<String, TrainingSettings> variants = new LinkedHashMap<>();
        variants.put("default", ClassifierDefaults.settings());
        variants.put("baseline", TrainingSettings.baseline());
        variants.put(PREVIOUS, settings(blocks(0, 0.0, 3), 3, svm(1.0, false)));
        variants.put("without label weights", settings(blocks(60, 0.7, 3), 3, svm(1.0, false)));
        variants.put("without opening block", settings(blocks(0, 0.0, 3), 3, svm(1.0, true)));
        variants.put("opening 40 characters", settings(blocks(40, 0.7, 3), 3, svm(1.0, true)));
        variants.put("opening 100 characters", settings(blocks(100, 0.7, 3), 3, svm(1.0, true)));
        variants.put("opening weight 1.0", settings(blocks(60, 1.0, 3), 3, svm(1.0, true)));
        variants.put("opening weight 1.4", settings(blocks(60, 1.4, 3), 3, svm(1.0, true)));
        variants.put("characters 1-4", settings(blocks(60, 0.7, 4), 3, svm(1.0, true)));
        variants.put("min df 2", settings(blocks(60, 0.7, 3), 2, svm(1.0, true)));
        variants.put("min df 5", settings(blocks(60, 0.7, 3), 5, svm(1.0, true)));
        variants.put("SVM C = 0.5", settings(blocks(60, 0.7, 3), 3, svm(0.5, true)));
        variants.put("SVM C = 2", settings(blocks(60, 0.7, 3), 3, svm(2.0, true)));
        variants.put("logistic regression C = 30", settings(blocks(60, 0.7, 3), 3,
                new SolverSettings(SolverSettings.Solver.LOGISTIC, 30.0, 1.0, true)));
        return variants;
    }

    private static SolverSettings svm(double c, boolean balanced) {
        return new SolverSettings(SolverSettings.Solver.SVM, c, 1.0, balanced);
    }

    private static TrainingSettings settings(List<FeatureBlock> blocks, int minDf, SolverSettings solver) {
        return new TrainingSettings(new FeatureSettings(blocks, minDf), List.of(solver), 5.0);
    }

    /** Returns the default blocks with the given opening (none for 0 characters) and longest whole-text n-gram. */
    private static List<FeatureBlock> blocks(int openingChars, double openingWeight, int maxN) {
        List<FeatureBlock> blocks = new ArrayList<>(List.of(
                new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, maxN, 1.0),
                new FeatureBlock("words", FeatureBlock.Source.ALL, FeatureBlock.Kind.WORDS, 1, 2, 1.0),
                new FeatureBlock("title", FeatureBlock.Source.TITLE, FeatureBlock.Kind.CHARS, 1, 3, 1.0)));
        if (openingChars > 0) {
            blocks.add(new FeatureBlock("opening", FeatureBlock.Source.OPENING, FeatureBlock.Kind.CHARS, 1, 3,
                    openingWeight, openingChars));
        }
        return blocks;
    }
}
