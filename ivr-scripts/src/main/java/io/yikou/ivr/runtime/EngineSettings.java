package io.yikou.ivr.runtime;

import java.time.ZoneId;

/**
 * What the engine needs to know besides the flows; built from {@code IvrOptions#engineSettings()},
 * which documents each value and its default.
 */
public record EngineSettings(ZoneId timeZone, String soundPrefix, String recordingDir, String recordingFormat,
                             int maxSteps, double elderlyTimeoutFactor, int elderlyPriorityBoost) {

    /** Sub-flow calls one walk may nest; deeper nesting fails the walk instead of growing the stack. */
    public static final int MAX_SUB_FLOW_DEPTH = 8;
}
