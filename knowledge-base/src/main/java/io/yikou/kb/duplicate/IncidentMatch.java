package io.yikou.kb.duplicate;

import java.util.List;

/**
 * An earlier ticket that may report the same incident as the one being checked.
 *
 * @param number   the earlier ticket's number
 * @param score    combined score from 0 to 1
 * @param verdict  whether the score reaches the link threshold or only the candidate threshold
 * @param reasons  the signals behind the score, strongest first
 */
public record IncidentMatch(String number, double score, Verdict verdict, List<Reason> reasons) {

    public IncidentMatch {
        reasons = List.copyOf(reasons);
    }

    /** Confidence level of a match. */
    public enum Verdict {
        /** Score at or above the link threshold. */
        DUPLICATE,
        /** Score at or above the candidate threshold but below the link threshold. */
        CANDIDATE
    }

    /**
     * One signal of a match.
     *
     * @param code  stable name: {@code text_similarity}, {@code hours_apart}, {@code distance_m}, {@code same_grid},
     *              {@code same_community}, {@code different_street}, {@code same_category}, {@code different_category}
     * @param value the measured value as text, such as {@code 0.82} or {@code 120}; empty for yes/no signals
     */
    public record Reason(String code, String value) {
    }
}
