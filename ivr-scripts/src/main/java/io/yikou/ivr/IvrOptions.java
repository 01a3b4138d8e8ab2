package io.yikou.ivr;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the IVR runtime. Immutable; build with {@link #builder()}, whose setters reject values
 * out of range with the allowed range in the message. The voice channel reads them from its
 * configuration section, one key per field: {@code voice.ivr.flows-dir}, {@code voice.ivr.prompts-file},
 * {@code voice.ivr.elderly-numbers-file}, {@code voice.ivr.holiday-files}, {@code voice.ivr.time-zone},
 * {@code voice.ivr.sound-prefix}, {@code voice.ivr.recording-dir}, {@code voice.ivr.recording-format},
 * {@code voice.ivr.max-steps}, {@code voice.ivr.elderly-timeout-percent} and
 * {@code voice.ivr.elderly-priority-boost} ({@code docs/configuration.md} lists defaults and ranges).
 *
 * @param flowsDir             directory of {@code *.yaml} flows that add to or replace the bundled
 *                             96010 flows by name; empty means the bundled flows only
 * @param promptsFile          a prompt catalogue that replaces the bundled one
 * @param elderlyNumbersFile   text file of registered elderly numbers, one per line
 * @param holidayFiles         holiday files ({@code cn-<year>.yaml} format) that add years or
 *                             replace bundled ones
 * @param timeZone             zone of the opening hours and holiday dates; default {@code Asia/Shanghai}
 * @param soundPrefix          directory of the prompt recordings under Asterisk's sounds directory;
 *                             default {@code yikou}, giving {@code yikou/zh-CN/welcome}
 * @param recordingDir         directory where Asterisk writes voicemail recordings, as a path on the
 *                             Asterisk host; default {@code /var/spool/asterisk/yikou-voicemail}
 * @param recordingFormat      recording format; default {@code wav}
 * @param maxSteps             nodes one walk may visit before it fails; default 500
 * @param elderlyTimeoutPercent input timeouts in elderly mode, in percent of the flow's; default 150
 * @param elderlyPriorityBoost queue priority added in elderly mode unless a transfer node sets its
 *                             own; default 10
 */
public record IvrOptions(Optional<Path> flowsDir, Optional<Path> promptsFile, Optional<Path> elderlyNumbersFile,
                         List<Path> holidayFiles, ZoneId timeZone, String soundPrefix, String recordingDir,
                         String recordingFormat, int maxSteps, int elderlyTimeoutPercent, int elderlyPriorityBoost) {

    private static final Pattern SOUND_PREFIX = Pattern.compile("[A-Za-z0-9_./-]{1,200}");
    private static final Pattern FORMAT = Pattern.compile("wav|gsm|ulaw|alaw|sln|sln16|wav16|g722");

    public IvrOptions {
        holidayFiles = List.copyOf(holidayFiles);
    }

    /** The settings the flow engine needs from these options. */
    public io.yikou.ivr.runtime.EngineSettings engineSettings() {
        return new io.yikou.ivr.runtime.EngineSettings(timeZone, soundPrefix, recordingDir, recordingFormat, maxSteps,
                elderlyTimeoutPercent, elderlyPriorityBoost);
    }

    public static IvrOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.flowsDir = flowsDir;
        b.promptsFile = promptsFile;
        b.elderlyNumbersFile = elderlyNumbersFile;
        b.holidayFiles = holidayFiles;
        b.timeZone = timeZone;
        b.soundPrefix = soundPrefix;
        b.recordingDir = recordingDir;
        b.recordingFormat = recordingFormat;
        b.maxSteps = maxSteps;
        b.elderlyTimeoutPercent = elderlyTimeoutPercent;
        b.elderlyPriorityBoost = elderlyPriorityBoost;
        return b;
    }

    /** Builds {@link IvrOptions}; not thread-safe. */
    public static final class Builder {
        private Optional<Path> flowsDir = Optional.empty();
        private Optional<Path> promptsFile = Optional.empty();
        private Optional<Path> elderlyNumbersFile = Optional.empty();
        private List<Path> holidayFiles = List.of();
        private ZoneId timeZone = ZoneId.of("Asia/Shanghai");
        private String soundPrefix = "yikou";
        private String recordingDir = "/var/spool/asterisk/yikou-voicemail";
        private String recordingFormat = "wav";
        private int maxSteps = 500;
        private int elderlyTimeoutPercent = 150;
        private int elderlyPriorityBoost = 10;

        private Builder() {
        }

        public Builder flowsDir(Path dir) {
            this.flowsDir = Optional.ofNullable(dir);
            return this;
        }

        public Builder promptsFile(Path file) {
            this.promptsFile = Optional.ofNullable(file);
            return this;
        }

        public Builder elderlyNumbersFile(Path file) {
            this.elderlyNumbersFile = Optional.ofNullable(file);
            return this;
        }

        public Builder holidayFiles(List<Path> files) {
            this.holidayFiles = List.copyOf(files);
            return this;
        }

        public Builder timeZone(ZoneId zone) {
            this.timeZone = Objects.requireNonNull(zone, "timeZone");
            return this;
        }

        public Builder soundPrefix(String prefix) {
            if (prefix == null || !SOUND_PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
                throw new IllegalArgumentException("soundPrefix: " + prefix
                        + " (expected a relative directory of letters, digits, '_', '-', '.' and '/')");
            }
            this.soundPrefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            return this;
        }

        public Builder recordingDir(String dir) {
            if (dir == null || dir.isBlank() || dir.contains(" ") || dir.contains("\"")) {
                throw new IllegalArgumentException("recordingDir: " + dir + " (expected a path without spaces or quotes)");
            }
            this.recordingDir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
            return this;
        }

        public Builder recordingFormat(String format) {
            if (format == null || !FORMAT.matcher(format).matches()) {
                throw new IllegalArgumentException("recordingFormat: " + format + " (expected one of " + FORMAT.pattern() + ")");
            }
            this.recordingFormat = format;
            return this;
        }

        public Builder maxSteps(int steps) {
            if (steps < 10 || steps > 100_000) {
                throw new IllegalArgumentException("maxSteps: " + steps + " (expected 10 to 100000)");
            }
            this.maxSteps = steps;
            return this;
        }

        public Builder elderlyTimeoutPercent(int percent) {
            if (percent < 100 || percent > 500) {
                throw new IllegalArgumentException("elderlyTimeoutPercent: " + percent + " (expected 100 to 500)");
            }
            this.elderlyTimeoutPercent = percent;
            return this;
        }

        public Builder elderlyPriorityBoost(int boost) {
            if (boost < 0 || boost > 100) {
                throw new IllegalArgumentException("elderlyPriorityBoost: " + boost + " (expected 0 to 100)");
            }
            this.elderlyPriorityBoost = boost;
            return this;
        }

        public IvrOptions build() {
            return new IvrOptions(flowsDir, promptsFile, elderlyNumbersFile, holidayFiles, timeZone, soundPrefix,
                    recordingDir, recordingFormat, maxSteps, elderlyTimeoutPercent, elderlyPriorityBoost);
        }
    }
}
