package io.yikou.kb.duplicate;

import io.yikou.kb.classify.TextNormalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The terms of one ticket's text for same-incident matching: hashed character bigrams and trigrams
 * of the normalised text with their counts, sorted by term id, once for the whole text and once for
 * its opening ({@link #HEAD_CHARS} characters), where citizens usually name the place and the problem.
 * Hashing into a fixed space keeps the document-frequency table of a long-running window bounded. With
 * 2^20 slots, the few thousand terms of two tickets rarely collide, so scores barely move. Immutable.
 *
 * @param terms      term ids of the whole text, ascending
 * @param counts     occurrences of each term
 * @param headTerms  term ids of the opening, ascending
 * @param headCounts occurrences of each opening term
 */
public record IncidentText(int[] terms, int[] counts, int[] headTerms, int[] headCounts) {

    /** Size of the hashed term space. */
    public static final int TERM_SPACE = 1 << 20;
    /** Texts longer than this many characters are cut, so one long letter cannot dominate the window. */
    public static final int MAX_CHARS = 2000;
    /** Length of the opening compared on its own. */
    public static final int HEAD_CHARS = 80;

    /** Extracts the terms of a text. */
    public static IncidentText of(String text) {
        String normalized = TextNormalizer.normalize(text);
        if (normalized.length() > MAX_CHARS) {
            normalized = normalized.substring(0, MAX_CHARS);
        }
        int[][] full = terms(normalized);
        int[][] head = terms(normalized.substring(0, Math.min(HEAD_CHARS, normalized.length())));
        return new IncidentText(full[0], full[1], head[0], head[1]);
    }

    private static int[][] terms(String normalized) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int n = 2; n <= 3; n++) {
            for (int i = 0; i + n <= normalized.length(); i++) {
                counts.merge(Math.floorMod(hash(normalized, i, n), TERM_SPACE), 1, Integer::sum);
            }
        }
        int[] terms = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] values = new int[terms.length];
        for (int i = 0; i < terms.length; i++) {
            values[i] = counts.get(terms[i]);
        }
        return new int[][] {terms, values};
    }

    /** Tells whether the text has no terms, as for an empty or one-character description. */
    public boolean isEmpty() {
        return terms.length == 0;
    }

    private static int hash(String text, int start, int length) {
        int h = length;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + text.charAt(i);
        }
        // Spread the bits (the finaliser of MurmurHash3) so neighbouring characters do not cluster.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IncidentText that && Arrays.equals(terms, that.terms) && Arrays.equals(counts, that.counts)
                && Arrays.equals(headTerms, that.headTerms) && Arrays.equals(headCounts, that.headCounts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(terms) + Arrays.hashCode(counts)) + Arrays.hashCode(headTerms);
    }

    @Override
    public String toString() {
        return "IncidentText[" + terms.length + " terms]";
    }
}
