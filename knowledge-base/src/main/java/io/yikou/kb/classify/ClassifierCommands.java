package io.yikou.kb.classify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The classifier's command-line tools: train a model file, score one on a labelled file, and
 * cross-validate the default settings against the baseline. Exit codes: 0 success, 1 invalid input
 * or model file, 2 usage error (picocli's).
 */
public final class ClassifierCommands {

    /** Default model path, relative to the working directory; the server's default is the same file. */
    public static final String DEFAULT_MODEL = "data/kb/classifier.model";

    private ClassifierCommands() {
    }

    /** {@code yikou kb train-classifier FILE [--model OUT]}. */
    @Command(name = "train-classifier", mixinStandardHelpOptions = true,
            description = "Train the ticket category classifier on a labelled CSV file (columns title, detail,"
                    + " category_l1) and write a model file.")
    public static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Labelled UTF-8 CSV file with a header row.")
        Path file;

        @Option(names = "--model", paramLabel = "OUT", defaultValue = DEFAULT_MODEL,
                description = "Model file to write (default: ${DEFAULT-VALUE}); an existing file is replaced.")
        Path model;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                LabelledCsv.Contents data = LabelledCsv.read(file);
                long start = System.nanoTime();
                CategoryModel trained = new ClassifierTrainer(Clock.systemUTC()).train(data.rows(),
                        ClassifierDefaults.settings(), file.getFileName().toString(), data.sha256());
                double seconds = (System.nanoTime() - start) / 1e9;
                ModelFile.write(trained, model);
                ModelMetadata metadata = trained.metadata();
                out.printf(Locale.ROOT, "Trained on %d rows of %s in %.1f s: %d labels, %d features%n",
                        metadata.trainingRows(), file, seconds, metadata.labels().size(), metadata.vocabularySize());
                new java.util.TreeMap<>(metadata.labelCounts())
                        .forEach((label, count) -> out.printf(Locale.ROOT, "  %s %d%n", label, count));
                out.printf("Wrote %s%n", model);
                return 0;
            } catch (InvalidTrainingDataException e) {
                err.println(e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("Cannot write model file " + model + ": " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code yikou kb evaluate-classifier FILE [--model M]}. */
    @Command(name = "evaluate-classifier", mixinStandardHelpOptions = true,
            description = "Score a model on a labelled CSV file: per-label precision, recall, F1 and support,"
                    + " then a last line 'macro-F1 0.xxx accuracy 0.xxx'.")
    public static final class Evaluate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Labelled UTF-8 CSV file with a header row.")
        Path file;

        @Option(names = "--model", paramLabel = "M", defaultValue = DEFAULT_MODEL,
                description = "Model file to score (default: ${DEFAULT-VALUE}).")
        Path model;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                CategoryModel loaded = ModelFile.read(model);
                List<LabelledText> rows = LabelledCsv.read(file).rows();
                List<String> expected = new ArrayList<>(rows.size());
                List<String> predicted = new ArrayList<>(rows.size());
                for (LabelledText row : rows) {
                    expected.add(row.label());
                    predicted.add(loaded.predict(row.title(), row.detail()));
                }
                out.print(ClassificationReport.of(expected, predicted).format());
                out.println();
                return 0;
            } catch (ModelFileException | InvalidTrainingDataException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
    }

    /** {@code yikou kb cross-validate-classifier FILE}: the default settings beside the baseline. */
    @Command(name = "cross-validate-classifier", mixinStandardHelpOptions = true,
            description = "Cross-validate the default classifier settings and the TF-IDF character 1-3-gram +"
                    + " linear SVM baseline on the same stratified, group-aware folds.")
    public static final class CrossValidate implements Callable<Integer> {

        static final String WITH_REPLIES = "default + replies";

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Labelled UTF-8 CSV file with a header row.")
        Path file;

        @Option(names = "--folds", defaultValue = "5", description = "Number of folds (default: ${DEFAULT-VALUE}).")
        int folds;

        @Option(names = "--seed", defaultValue = "20240601", description = "Seed of the fold assignment"
                + " (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Folds trained in parallel (default: the number of processors).")
        Integer threads;

        @Option(names = "--replies", paramLabel = "REPLIES",
                description = "CSV file of messages with their official replies (columns title, detail, reply). Adds"
                        + " a configuration that trains every fold also on the messages whose reply names the"
                        + " departments of one label; those messages are never scored.")
        Path replies;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<LabelledText> rows = LabelledCsv.read(file).rows();
                Map<String, TrainingSettings> configurations = new LinkedHashMap<>();
                configurations.put("default", ClassifierDefaults.settings());
                configurations.put("baseline", TrainingSettings.baseline());
                int parallel = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
                long start = System.nanoTime();
                CrossValidator validator = new CrossValidator(folds, seed, parallel);
                List<CrossValidator.Result> results = new ArrayList<>(validator.run(rows, configurations));
                if (replies != null) {
                    RepliedMessagesCsv.Contents replied = RepliedMessagesCsv.read(replies);
                    List<LabelledText> extra = CrossValidator.withoutOverlap(replied.labelled(), rows);
                    out.printf(Locale.ROOT, "%s: %d rows, %d labelled by the department rule, %d kept after"
                            + " removing those that share a title or opening with %s%n%n", replies, replied.rows(),
                            replied.labelled().size(), extra.size(), file);
                    results.addAll(validator.run(rows, Map.of(WITH_REPLIES, ClassifierDefaults.settings()), extra, 1));
                }
                for (CrossValidator.Result result : results) {
                    out.printf(Locale.ROOT, "== %s: %s%n", result.name(),
                            switch (result.name()) {
                                case "default" -> ClassifierDefaults.describe();
                                case WITH_REPLIES -> "default settings, reply-labelled messages added to training";
                                default -> "all=chars1-3, every term, SVM C=1";
                            });
                    out.print(result.pooled().format());
                    out.println();
                    out.printf(Locale.ROOT, "fold macro-F1 mean %.3f sd %.3f: %s%n", result.meanMacroF1(),
                            result.stdMacroF1(), result.foldMacroF1().stream()
                                    .map(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
                    out.printf(Locale.ROOT, "titles removed: macro-F1 %.3f accuracy %.3f%n%n",
                            result.bodyOnly().macroF1(), result.bodyOnly().accuracy());
                }
                out.printf(Locale.ROOT, "%d folds, seed %d, %d rows, %.0f s%n", folds, seed, rows.size(),
                        (System.nanoTime() - start) / 1e9);
                return 0;
            } catch (InvalidTrainingDataException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
    }

    /** {@code yikou kb benchmark-classifier FILE [--model M]}: texts classified per second. */
    @Command(name = "benchmark-classifier", mixinStandardHelpOptions = true,
            description = "Measure classification throughput (texts per second) on the texts of a CSV file,"
                    + " on one thread and on all processors.")
    public static final class Benchmark implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "UTF-8 CSV file with title, detail and category_l1 columns.")
        Path file;

        @Option(names = "--model", paramLabel = "M", defaultValue = DEFAULT_MODEL,
                description = "Model file (default: ${DEFAULT-VALUE}).")
        Path model;

        @Option(names = "--rounds", defaultValue = "3",
                description = "Passes over the file per measurement, after one warm-up pass (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CategoryModel loaded;
            List<LabelledText> rows;
            try {
                loaded = ModelFile.read(model);
                rows = LabelledCsv.read(file).rows();
            } catch (ModelFileException | InvalidTrainingDataException e) {
                err.println(e.getMessage());
                return 1;
            }
            TicketClassifier classifier = new TicketClassifier(java.util.Optional.of(loaded),
                    io.yikou.core.category.CategoryTree.bundled());
            classifyAll(classifier, rows, 0, 1);
            int processors = Runtime.getRuntime().availableProcessors();
            for (int threads : processors > 1 ? new int[] {1, processors} : new int[] {1}) {
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                try {
                    long start = System.nanoTime();
                    List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int part = t;
                        int parallel = threads;
                        parts.add(pool.submit(() -> {
                            for (int round = 0; round < rounds; round++) {
                                classifyAll(classifier, rows, part, parallel);
                            }
                        }));
                    }
                    for (java.util.concurrent.Future<?> part : parts) {
                        part.get();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf(Locale.ROOT, "%d thread(s): %d texts in %.2f s = %.0f texts/s (types and top 3 categories)%n",
                            threads, (long) rows.size() * rounds, seconds, rows.size() * rounds / seconds);
                } finally {
                    pool.shutdownNow();
                }
            }
            return 0;
        }

        private static void classifyAll(TicketClassifier classifier, List<LabelledText> rows, int part, int parts) {
            for (int i = part; i < rows.size(); i += parts) {
                classifier.classify(rows.get(i).title(), rows.get(i).detail(), 3);
            }
        }
    }
}
