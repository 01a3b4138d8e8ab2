package io.yikou.kb.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-label precision, recall, F1 and support of a set of predictions, with macro-F1 (the unweighted
 * mean of the labels' F1) and accuracy. Labels that occur only among predictions count in the macro
 * mean with F1 0, as in scikit-learn's {@code classification_report}.
 */
public final class ClassificationReport {

    /** Figures of one label. */
    public record LabelScores(String label, double precision, double recall, double f1, int support) {
    }

    private final List<LabelScores> labels;
    private final double macroF1;
    private final double accuracy;
    private final int total;

    private ClassificationReport(List<LabelScores> labels, double macroF1, double accuracy, int total) {
        this.labels = List.copyOf(labels);
        this.macroF1 = macroF1;
        this.accuracy = accuracy;
        this.total = total;
    }

    /** Scores {@code predicted} against {@code expected}; both lists are in the same example order. */
    public static ClassificationReport of(List<String> expected, List<String> predicted) {
        if (expected.size() != predicted.size()) {
            throw new IllegalArgumentException(expected.size() + " expected labels but " + predicted.size()
                    + " predictions");
        }
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("no examples to score");
        }
        Map<String, int[]> counts = new TreeMap<>();
        TreeSet<String> all = new TreeSet<>(expected);
        all.addAll(predicted);
        for (String label : all) {
            counts.put(label, new int[3]);
        }
        int correct = 0;
        for (int i = 0; i < expected.size(); i++) {
            String gold = expected.get(i);
            String guess = predicted.get(i);
            counts.get(gold)[2]++;
            if (gold.equals(guess)) {
                counts.get(gold)[0]++;
                correct++;
            } else {
                counts.get(guess)[1]++;
            }
        }
        List<LabelScores> rows = new ArrayList<>();
        double f1Sum = 0;
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            int truePositives = entry.getValue()[0];
            int falsePositives = entry.getValue()[1];
            int support = entry.getValue()[2];
            double precision = ratio(truePositives, truePositives + falsePositives);
            double recall = ratio(truePositives, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows.add(new LabelScores(entry.getKey(), precision, recall, f1, support));
            f1Sum += f1;
        }
        return new ClassificationReport(rows, f1Sum / rows.size(), (double) correct / expected.size(),
                expected.size());
    }

    public List<LabelScores> labels() {
        return labels;
    }

    public double macroF1() {
        return macroF1;
    }

    public double accuracy() {
        return accuracy;
    }

    /** Renders the table, ending with the line {@code macro-F1 0.xxx accuracy 0.xxx}. */
    public String format() {
        int width = "label".length();
        for (LabelScores row : labels) {
            width = Math.max(width, displayWidth(row.label()));
        }
        StringBuilder out = new StringBuilder();
        out.append(pad("label", width)).append("  precision  recall     f1  support\n");
        for (LabelScores row : labels) {
            out.append(pad(row.label(), width))
                    .append(String.format(Locale.ROOT, "  %9.3f  %6.3f  %5.3f  %7d%n", row.precision(), row.recall(),
                            row.f1(), row.support()));
        }
        out.append(String.format(Locale.ROOT, "%s  %9s  %6s  %5s  %7d%n", pad("total", width), "", "", "", total));
        out.append(summaryLine());
        return out.toString();
    }

    /** Returns {@code macro-F1 0.xxx accuracy 0.xxx}. */
    public String summaryLine() {
        return String.format(Locale.ROOT, "macro-F1 %.3f accuracy %.3f", macroF1, accuracy);
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** Pads to a terminal width where CJK characters take two columns. */
    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - displayWidth(text)));
    }

    private static int displayWidth(String text) {
        return text.codePoints().map(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || (cp >= 0xFF00 && cp <= 0xFFEF) ? 2 : 1).sum();
    }
}
