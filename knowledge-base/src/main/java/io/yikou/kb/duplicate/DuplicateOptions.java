package io.yikou.kb.duplicate;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code kb.duplicates} configuration section; every key is listed in {@code docs/configuration.md}.
 *
 * @param enabled    whether the duplicate consumer and API run
 * @param policy     what a confident match does
 * @param match      comparison window, thresholds and distances
 * @param claimIdle  stream entries pending this long with a consumer that stopped are claimed and retried
 * @param cpuShare   share of wall time the checks may take while a backlog waits, so a burst of reports
 *                   never takes the CPU that intake needs
 */
public record DuplicateOptions(boolean enabled, DuplicatePolicy policy, MatchSettings match, Duration claimIdle,
                               double cpuShare) {

    static final String PREFIX = "kb.duplicates.";

    public static List<EnvOverride> envOverrides() {
        return List.of(
                new EnvOverride("YIKOU_KB_DUPLICATES_ENABLED", PREFIX + "enabled"),
                new EnvOverride("YIKOU_KB_DUPLICATES_POLICY", PREFIX + "policy"));
    }

    /** Reads the section; invalid values are reported to the reader and replaced by defaults. */
    public static DuplicateOptions read(ConfigReader reader) {
        MatchSettings defaults = MatchSettings.DEFAULTS;
        boolean enabled = reader.bool(PREFIX + "enabled", true);
        String policy = reader.oneOf(PREFIX + "policy", "offer", "offer", "merge");
        Duration window = reader.duration(PREFIX + "window", defaults.window(), Duration.ofHours(1), Duration.ofDays(365));
        double candidate = fraction(reader, PREFIX + "candidate-threshold", defaults.candidateThreshold());
        double link = fraction(reader, PREFIX + "link-threshold", defaults.linkThreshold());
        if (link < candidate) {
            reader.problem(PREFIX + "link-threshold", Double.toString(link),
                    "a number not below kb.duplicates.candidate-threshold (" + candidate + ")");
            link = Math.max(candidate, defaults.linkThreshold());
        }
        int near = reader.integer(PREFIX + "near-meters", (int) defaults.nearMeters(), 1, 100_000);
        int far = reader.integer(PREFIX + "far-meters", (int) defaults.farMeters(), 2, 1_000_000);
        if (far <= near) {
            reader.problem(PREFIX + "far-meters", Integer.toString(far),
                    "an integer above kb.duplicates.near-meters (" + near + ")");
            far = near + 1;
        }
        int maxCandidates = reader.integer(PREFIX + "max-candidates", defaults.maxCandidates(), 1, 50);
        Duration claimIdle = reader.duration(PREFIX + "claim-idle", Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofHours(1));
        double cpuShare = fraction(reader, PREFIX + "cpu-share", 0.25);
        return new DuplicateOptions(enabled, DuplicatePolicy.valueOf(policy.toUpperCase(Locale.ROOT)),
                new MatchSettings(window, candidate, link, near, far, maxCandidates), claimIdle, cpuShare);
    }

    private static double fraction(ConfigReader reader, String key, double defaultValue) {
        String text = reader.string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reader.problem(key, text, "a number greater than 0 and at most 1, such as 0.5");
        return defaultValue;
    }
}
