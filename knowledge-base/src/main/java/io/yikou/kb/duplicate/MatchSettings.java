package io.yikou.kb.duplicate;

import java.time.Duration;

/**
 * How two tickets are compared and when a match counts.
 *
 * @param window              only tickets created at most this long apart are compared
 * @param candidateThreshold  score from which a ticket is offered to the agent as a possible duplicate, 0 to 1
 * @param linkThreshold       score from which a ticket is treated as a confirmed duplicate, from
 *                            {@code candidateThreshold} to 1
 * @param nearMeters          reported positions at most this far apart support a match
 * @param farMeters           reported positions further apart rule a match out, whatever the text similarity
 * @param maxCandidates       most matches kept per ticket, at least 1
 */
public record MatchSettings(Duration window, double candidateThreshold, double linkThreshold, double nearMeters,
                            double farMeters, int maxCandidates) {

    /** Defaults; {@code docs/knowledge-base.md} records the evaluation that chose the thresholds. */
    public static final MatchSettings DEFAULTS = new MatchSettings(Duration.ofDays(30), 0.30, 0.50, 300, 2000, 5);

    public MatchSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (!(candidateThreshold > 0 && candidateThreshold <= 1)) {
            throw new IllegalArgumentException("candidateThreshold must be in (0, 1], was " + candidateThreshold);
        }
        if (!(linkThreshold >= candidateThreshold && linkThreshold <= 1)) {
            throw new IllegalArgumentException("linkThreshold must be from candidateThreshold (" + candidateThreshold
                    + ") to 1, was " + linkThreshold);
        }
        if (!(nearMeters > 0 && farMeters > nearMeters)) {
            throw new IllegalArgumentException("distances must satisfy 0 < nearMeters < farMeters, were " + nearMeters
                    + " and " + farMeters);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be at least 1, was " + maxCandidates);
        }
    }
}
