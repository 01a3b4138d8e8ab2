package io.yikou.ivr.validate;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" hints for misspelt node ids, fields, prompts and flow names. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Returns the candidate closest to {@code word} by edit distance, if one is within
     * {@code maxDistance}; ties go to the alphabetically first.
     */
    public static Optional<String> closest(String word, Collection<String> candidates, int maxDistance) {
        return candidates.stream()
                .filter(c -> editDistance(word, c) <= maxDistance)
                .min(Comparator.comparingInt((String c) -> editDistance(word, c)).thenComparing(c -> c));
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
