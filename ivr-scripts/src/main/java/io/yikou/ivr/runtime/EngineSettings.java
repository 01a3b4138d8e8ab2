package io.yikou.ivr.runtime;

import java.time.ZoneId;

/**
 * Engine settings besides the flows, built by {@code IvrOptions#engineSettings()}, which documents
 * each value and its default.
 */
public record EngineSettings(ZoneId timeZone, String soundPrefix, String recordingDir, String recordingFormat,
                             int maxSteps, int elderlyTimeoutPercent, int elderlyPriorityBoost) {

    /** Sub-flow calls one walk may nest; deeper nesting fails the walk instead of growing the stack. */
    public static final int MAX_SUB_FLOW_DEPTH = 8;
}
