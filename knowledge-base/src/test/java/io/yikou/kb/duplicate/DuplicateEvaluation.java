package io.yikou.kb.duplicate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the hot-issue messages in time order through an {@link IncidentWindow}, as the duplicate
 * consumer does with new tickets, and scores the links it makes against {@link IncidentLabels}.
 *
 * <p>A message is <em>linked</em> when its best match reaches the link threshold. A link is correct when
 * the labels mark both messages as one incident. Precision is correct links over all links;
 * recall is correct links over the messages that have at least one earlier same-incident message
 * inside the window.
 */
final class DuplicateEvaluation {

    static final String REVIEW_RESOURCE = "incident-review.tsv";

    /**
     * The replay's outcome for one message.
     *
     * @param message    the message
     * @param matched    its best match at candidate level or above, or {@code null}
     * @param score      the best match's score, 0 without one
     * @param correct    whether the best match reports the same incident
     * @param findable   whether an earlier same-incident message was inside the window
     * @param bestSame   the highest score of an earlier same-incident message among the matches kept, 0 without
     *                   one; from it follows the most recall any link threshold could reach with these scores
     */
    record Decision(IncidentLabels.Message message, IncidentLabels.Message matched, double score, boolean correct,
                    boolean findable, double bestSame) {
    }

    /** Precision and recall of the links a threshold makes. */
    record Result(double threshold, int links, int correctLinks, int findable) {

        double precision() {
            return links == 0 ? 1 : (double) correctLinks / links;
        }

        double recall() {
            return findable == 0 ? 1 : (double) correctLinks / findable;
        }

        String format() {
            return String.format(Locale.ROOT, "threshold %.2f precision %.3f recall %.3f (links %d, correct %d,"
                    + " findable %d)", threshold, precision(), recall(), links, correctLinks, findable);
        }
    }

    private DuplicateEvaluation() {
    }

    /**
     * Replays every message and returns the decisions for those created in {@code [from, to)}; earlier
     * messages still fill the window. Matches are kept down to the settings' candidate threshold.
     */
    static List<Decision> replay(IncidentLabels labels, MatchSettings settings, Instant from, Instant to) {
        return replay(labels, settings, from, to, true);
    }

    /**
     * Replays as {@link #replay(IncidentLabels, MatchSettings, Instant, Instant)}; with {@code withTitles} false
     * each message is matched on its body alone, as hotline tickets, which have no title, are. The labels still
     * come from the titles.
     */
    static List<Decision> replay(IncidentLabels labels, MatchSettings settings, Instant from, Instant to,
                                 boolean withTitles) {
        IncidentWindow window = new IncidentWindow(settings);
        List<IncidentLabels.Message> inWindow = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (IncidentLabels.Message message : labels.messages()) {
            Instant cutoff = message.createdAt().minus(settings.window());
            window.evictBefore(cutoff);
            inWindow.removeIf(m -> m.createdAt().isBefore(cutoff));
            IncidentRecord record = withTitles ? record(message) : bodyRecord(message);
            if (!message.createdAt().isBefore(from) && message.createdAt().isBefore(to)) {
                boolean findable = inWindow.stream().anyMatch(earlier -> labels.sameIncident(message, earlier));
                List<IncidentMatch> matches = window.match(record);
                double bestSame = 0;
                for (IncidentMatch match : matches) {
                    if (labels.sameIncident(message, labels.message(match.number()))) {
                        bestSame = Math.max(bestSame, match.score());
                    }
                }
                if (matches.isEmpty()) {
                    decisions.add(new Decision(message, null, 0, false, findable, 0));
                } else {
                    IncidentLabels.Message matched = labels.message(matches.get(0).number());
                    decisions.add(new Decision(message, matched, matches.get(0).score(),
                            labels.sameIncident(message, matched), findable, bestSame));
                }
            }
            window.add(record);
            inWindow.add(message);
        }
        return decisions;
    }

    /**
     * Returns the share of findable messages that have an earlier same-incident message scoring at least
     * {@code threshold}: the recall a perfect choice among the scored matches would reach at that threshold.
     */
    static double reachableRecall(List<Decision> decisions, double threshold) {
        long findable = decisions.stream().filter(Decision::findable).count();
        long reachable = decisions.stream().filter(d -> d.findable() && d.bestSame() >= threshold).count();
        return findable == 0 ? 1 : (double) reachable / findable;
    }

    /** Scores the links a threshold makes among the decisions. */
    static Result score(List<Decision> decisions, double threshold) {
        int links = 0;
        int correct = 0;
        int findable = 0;
        for (Decision decision : decisions) {
            if (decision.findable()) {
                findable++;
            }
            if (decision.matched() != null && decision.score() >= threshold) {
                links++;
                if (decision.correct()) {
                    correct++;
                }
            }
        }
        return new Result(threshold, links, correct, findable);
    }

    static IncidentRecord record(IncidentLabels.Message message) {
        return new IncidentRecord(message.id(), IncidentText.of(message.title() + "\n" + message.detail()),
                message.createdAt(), null, null, null, null, null);
    }

    static IncidentRecord bodyRecord(IncidentLabels.Message message) {
        return new IncidentRecord(message.id(), IncidentText.of(message.detail()), message.createdAt(), null, null,
                null, null, null);
    }

    /** Reads the review verdicts: {@code id<TAB>id<TAB>same|different[<TAB>note]}, {@code #} comments. */
    static Map<String, Boolean> review() throws IOException {
        Map<String, Boolean> verdicts = new HashMap<>();
        try (InputStream in = DuplicateEvaluation.class.getResourceAsStream(REVIEW_RESOURCE)) {
            if (in == null) {
                throw new IOException(REVIEW_RESOURCE + " missing from the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length < 3 || !(fields[2].equals("same") || fields[2].equals("different"))) {
                    throw new IOException(REVIEW_RESOURCE + " line " + number + ": expected id, id, same|different");
                }
                verdicts.put(IncidentLabels.pairKey(fields[0], fields[1]), fields[2].equals("same"));
            }
        }
        return verdicts;
    }

    /**
     * Prints precision, recall and the reachable recall over a range of link thresholds for the tuning part
     * (before the split date) and the check part, then, with {@code --dump SCORE}, the decisions at or above that
     * score. Arguments: path of messages_with_votes.csv, split date (yyyy-mm-dd), window in days, then optionally
     * {@code --titles-removed} (match on bodies alone) and {@code --dump SCORE}.
     */
    public static void main(String[] args) throws IOException {
        IncidentLabels labels = IncidentLabels.load(Path.of(args[0]), review());
        Instant split = Instant.parse(args[1] + "T00:00:00Z");
        boolean withTitles = true;
        Double dumpFrom = null;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--titles-removed" -> withTitles = false;
                case "--dump" -> dumpFrom = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        // All matches down to 0.15 are kept, so the reachable recall sees every same-incident message that scores.
        MatchSettings settings = new MatchSettings(Duration.ofDays(Long.parseLong(args[2])), 0.15, 0.15, 300, 2000, 50);
        List<Decision> all = replay(labels, settings, Instant.MIN, Instant.MAX, withTitles);
        List<Decision> tuning = all.stream().filter(d -> d.message().createdAt().isBefore(split)).toList();
        List<Decision> test = all.stream().filter(d -> !d.message().createdAt().isBefore(split)).toList();
        System.out.println(withTitles ? "matching title and body" : "matching the body alone (titles removed)");
        for (double threshold = 0.30; threshold <= 0.801; threshold += 0.05) {
            System.out.printf(Locale.ROOT, "tuning %s reachable %.3f%ncheck  %s reachable %.3f%nall    %s reachable %.3f%n",
                    score(tuning, threshold).format(), reachableRecall(tuning, threshold),
                    score(test, threshold).format(), reachableRecall(test, threshold),
                    score(all, threshold).format(), reachableRecall(all, threshold));
        }
        if (dumpFrom != null) {
            for (Decision d : all) {
                if (d.matched() != null && d.score() >= dumpFrom) {
                    System.out.printf(Locale.ROOT, "%.3f\t%s\t%s\t%s\t%s\t%s%n", d.score(), d.correct() ? "ok" : "WRONG",
                            d.message().id(), d.matched().id(), d.message().title(), d.matched().title());
                } else if (d.findable()) {
                    System.out.printf(Locale.ROOT, "%.3f\tMISSED\t%s\t%s\t%s%n", d.score(), d.message().id(),
                            d.message().title(), d.matched() == null ? "-" : d.matched().title());
                }
            }
        }
    }
}
